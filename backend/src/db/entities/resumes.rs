//! `resumes`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "resumes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub company: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub job_description: Option<String>,
    #[sea_orm(column_type = "Json", nullable)]
    pub job_details: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub introduction: Option<String>,
    #[sea_orm(column_type = "Json", nullable)]
    pub export_preferences: Option<Json>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::OwnerId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Users,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    SelfRef,
    #[sea_orm(has_many = "super::resume_revisions::Entity")]
    ResumeRevisions,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::resume_revisions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ResumeRevisions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
