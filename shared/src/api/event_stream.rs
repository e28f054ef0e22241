//! The OpenAPI description of the refinement event stream (`GET /refinements/{id}/events`,
//! `text/event-stream`): one schema per event (`ProgressStreamEvent`, `RoleStreamEvent`, …)
//! with its `id:`, its `event:` name and its `data:` line — JSON text whose schema is the
//! event's payload (`contentMediaType` and `contentSchema`) — and [`StreamEvent`], the union of
//! them discriminated by `event`. Documentation only: the server writes the stream with the
//! payload types of [`super::refinements`].

use std::borrow::Cow;

use utoipa::openapi::schema::{Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::cover_letters::LetterEvent;
use super::refinements::{
    CoverageEvent, DoneEvent, ErrorEvent, EventKind, IntroductionEvent, JobAnalysisView,
    ProgressEvent, RoleEvent,
};

/// One event of a refinement's stream, as sent: the union of the per-event schemas.
#[derive(Debug, Clone, Copy)]
pub struct StreamEvent;

/// A payload schema: its component name, the schema and the schemas it refers to.
type Payload = (
    Cow<'static, str>,
    fn() -> RefOr<Schema>,
    fn(&mut Vec<(String, RefOr<Schema>)>),
);

fn payload<T: ToSchema>() -> Payload {
    (T::name(), T::schema, T::schemas)
}

/// Every event kind with its payload.
fn events() -> [(EventKind, Payload); 8] {
    [
        (EventKind::Progress, payload::<ProgressEvent>()),
        (EventKind::Analysis, payload::<JobAnalysisView>()),
        (EventKind::Role, payload::<RoleEvent>()),
        (EventKind::Introduction, payload::<IntroductionEvent>()),
        (EventKind::Coverage, payload::<CoverageEvent>()),
        (EventKind::Letter, payload::<LetterEvent>()),
        (EventKind::Error, payload::<ErrorEvent>()),
        (EventKind::Done, payload::<DoneEvent>()),
    ]
}

/// The component name of one event's schema: `ProgressStreamEvent`, ….
#[must_use]
pub fn event_schema_name(kind: EventKind) -> String {
    let name = kind.as_str();
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!(
        "{}{}StreamEvent",
        first.map(String::from).unwrap_or_default(),
        chars.as_str()
    )
}

fn event_schema(kind: EventKind, payload_name: &str) -> RefOr<Schema> {
    let id = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^[0-9]+$"))
        .description(Some(
            "The `id:` line: the event's sequence number in its job (1, 2, 3, …); send it back as `Last-Event-ID` to resume.",
        ));
    let event = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([kind.as_str()]))
        .description(Some("The `event:` line."));
    let data = ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("application/json")
        .content_schema(Some(Ref::from_schema_name(payload_name)))
        .description(Some(format!(
            "The `data:` line: one JSON object, a `{payload_name}`."
        )));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .title(Some(event_schema_name(kind)))
        .description(Some(format!("The `{}` event.", kind.as_str())))
        .property("id", id)
        .property("event", event)
        .property("data", data)
        .required("id")
        .required("event")
        .required("data")
        .into()
}

impl PartialSchema for StreamEvent {
    fn schema() -> RefOr<Schema> {
        let mut discriminator = Discriminator::new("event");
        let mut one_of = OneOfBuilder::new().description(Some(
            "One event of the stream (`id:`, `event:` and `data:` lines), by its `event` name.",
        ));
        for (kind, _) in events() {
            let name = event_schema_name(kind);
            discriminator.mapping.insert(
                kind.as_str().to_owned(),
                format!("#/components/schemas/{name}"),
            );
            one_of = one_of.item(Ref::from_schema_name(name));
        }
        one_of.discriminator(Some(discriminator)).into()
    }
}

impl ToSchema for StreamEvent {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for (kind, (name, schema, dependencies)) in events() {
            schemas.push((event_schema_name(kind), event_schema(kind, &name)));
            schemas.push((name.into_owned(), schema()));
            dependencies(schemas);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_kind_has_its_schema_and_mapping() {
        let mut schemas = Vec::new();
        StreamEvent::schemas(&mut schemas);
        let names: Vec<&str> = schemas.iter().map(|(name, _)| name.as_str()).collect();
        for expected in [
            "ProgressStreamEvent",
            "ProgressEvent",
            "AnalysisStreamEvent",
            "JobAnalysisView",
            "RoleStreamEvent",
            "IntroductionStreamEvent",
            "CoverageStreamEvent",
            "ErrorStreamEvent",
            "DoneStreamEvent",
            "DoneEvent",
            "LetterStreamEvent",
            "LetterEvent",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        let union = serde_json::to_value(StreamEvent::schema()).unwrap();
        assert_eq!(union["oneOf"].as_array().unwrap().len(), 8);
        assert_eq!(union["discriminator"]["propertyName"], "event");
        assert_eq!(
            union["discriminator"]["mapping"]["role"],
            "#/components/schemas/RoleStreamEvent"
        );
        let role = schemas
            .iter()
            .find(|(name, _)| name == "RoleStreamEvent")
            .map(|(_, schema)| serde_json::to_value(schema).unwrap())
            .unwrap();
        assert_eq!(
            role["properties"]["event"]["enum"],
            serde_json::json!(["role"])
        );
        assert_eq!(
            role["properties"]["data"]["contentSchema"]["$ref"],
            "#/components/schemas/RoleEvent"
        );
        assert_eq!(
            role["properties"]["data"]["contentMediaType"],
            "application/json"
        );
    }
}
