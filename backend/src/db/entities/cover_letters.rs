//! `cover_letters`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "cover_letters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub resume_id: Uuid,
    pub draft_id: Option<Uuid>,
    pub name: String,
    pub company: Option<String>,
    pub contact: Option<String>,
    pub job_title: Option<String>,
    pub tone: Option<String>,
    pub length: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub content: String,
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
    #[sea_orm(has_many = "super::cover_letter_revisions::Entity")]
    CoverLetterRevisions,
}

impl Related<super::resumes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resumes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
