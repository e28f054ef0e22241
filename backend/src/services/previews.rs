//! Page images of designed templates, kept in memory by what they show: the resume's text and
//! the export options (template, design, filters, month), the page and the width. The export
//! dialog asks for the same thumbnails again and again; a hit costs no render. The cache is
//! bounded by entries and bytes and drops the oldest first.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex, PoisonError};

use resume_documents::ExportOptions;

/// The most images kept.
pub const MAX_ENTRIES: usize = 256;
/// The most image bytes kept.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// A rendered page.
#[derive(Debug, Clone)]
pub struct PreviewImage {
    /// The PNG file.
    pub png: Arc<Vec<u8>>,
    /// The number of pages of the whole document.
    pub pages: usize,
}

#[derive(Debug, Default)]
struct Entries {
    images: HashMap<u64, PreviewImage>,
    order: VecDeque<u64>,
    bytes: usize,
}

/// The cache; one per process, in the application state.
#[derive(Debug, Default)]
pub struct PreviewCache {
    entries: Mutex<Entries>,
}

impl PreviewCache {
    /// The key of the image of `page` (from 0) at `width` pixels of `content` exported with
    /// `options`. Stable within a build, so it also serves as the `ETag`.
    #[must_use]
    pub fn key(content: &str, options: &ExportOptions, page: usize, width: u32) -> u64 {
        let mut hasher = DefaultHasher::new();
        content.hash(&mut hasher);
        options.hash(&mut hasher);
        page.hash(&mut hasher);
        width.hash(&mut hasher);
        hasher.finish()
    }

    /// The image stored under `key`, if any.
    #[must_use]
    pub fn get(&self, key: u64) -> Option<PreviewImage> {
        self.lock().images.get(&key).cloned()
    }

    /// Stores an image under `key`, dropping the oldest ones over the bounds, and returns it.
    pub fn insert(&self, key: u64, png: Vec<u8>, pages: usize) -> PreviewImage {
        let image = PreviewImage {
            png: Arc::new(png),
            pages,
        };
        let mut entries = self.lock();
        if let Some(old) = entries.images.insert(key, image.clone()) {
            entries.bytes -= old.png.len();
            entries.order.retain(|k| *k != key);
        }
        entries.bytes += image.png.len();
        entries.order.push_back(key);
        while entries.images.len() > MAX_ENTRIES || entries.bytes > MAX_BYTES {
            let Some(oldest) = entries.order.pop_front() else {
                break;
            };
            if let Some(dropped) = entries.images.remove(&oldest) {
                entries.bytes -= dropped.png.len();
            }
        }
        image
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_images_go_first_when_over_the_bounds() {
        let cache = PreviewCache::default();
        for key in 0..=u64::try_from(MAX_ENTRIES).unwrap() {
            cache.insert(key, vec![0; 10], 1);
        }
        assert!(cache.get(0).is_none());
        assert!(cache.get(1).is_some());
        cache.insert(9999, vec![0; MAX_BYTES], 1);
        assert!(cache.get(1).is_none());
        assert_eq!(cache.get(9999).map(|i| i.png.len()), Some(MAX_BYTES));
    }
}
