//! `applications`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub resume_id: Uuid,
    pub status: String,
    pub applied_on: Option<String>,
    pub posting_url: Option<String>,
    pub contact: Option<String>,
    pub next_step: Option<String>,
    pub next_step_on: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
    #[sea_orm(has_many = "super::application_events::Entity")]
    ApplicationEvents,
}

impl Related<super::resumes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resumes.def()
    }
}

impl Related<super::application_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApplicationEvents.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
