//! `resume_revisions`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "resume_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub resume_id: Uuid,
    pub version: i64,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub author_id: Option<Uuid>,
    pub impersonator_id: Option<Uuid>,
    pub reason: String,
    pub created_at: DateTimeUtc,
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
