//! `refinement_jobs`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "refinement_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub resume_id: Uuid,
    pub owner_id: Uuid,
    pub status: String,
    pub active: Option<i16>,
    #[sea_orm(column_type = "Text")]
    pub job_description: String,
    pub company: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub years_limit: Option<i32>,
    pub base_version: i64,
    #[sea_orm(column_type = "Text")]
    pub base_content: String,
    #[sea_orm(column_type = "Json", nullable)]
    pub analysis: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub introduction: Option<String>,
    #[sea_orm(column_type = "Json", nullable)]
    pub introduction_flags: Option<Json>,
    #[sea_orm(column_type = "Json", nullable)]
    pub coverage_before: Option<Json>,
    #[sea_orm(column_type = "Json", nullable)]
    pub coverage_after: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub retryable: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub heartbeat_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub applied_at: Option<DateTimeUtc>,
    pub run_id: Option<Uuid>,
    pub purpose: String,
    #[sea_orm(column_type = "Json", nullable)]
    pub letter_options: Option<Json>,
    pub letter_id: Option<Uuid>,
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
    #[sea_orm(has_many = "super::refinement_roles::Entity")]
    RefinementRoles,
    #[sea_orm(has_many = "super::refinement_events::Entity")]
    RefinementEvents,
}

impl Related<super::resumes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resumes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
