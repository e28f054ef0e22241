//! `resume_shares`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "resume_shares")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub resume_id: Uuid,
    #[sea_orm(unique)]
    pub token: String,
    pub mode: String,
    pub template: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub content: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    pub password_hash: Option<String>,
    pub indexable: bool,
    pub view_count: i64,
    pub last_viewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::resumes::Entity",
        from = "Column::ResumeId",
        to = "super::resumes::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Resumes,
}

impl Related<super::resumes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resumes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
