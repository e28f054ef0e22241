//! `refinement_roles`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "refinement_roles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub role_index: i32,
    pub status: String,
    #[sea_orm(column_type = "Json")]
    pub original: Json,
    #[sea_orm(column_type = "Json", nullable)]
    pub refined: Option<Json>,
    #[sea_orm(column_type = "Json", nullable)]
    pub flags: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::refinement_jobs::Entity",
        from = "Column::JobId",
        to = "super::refinement_jobs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    RefinementJobs,
}

impl Related<super::refinement_jobs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RefinementJobs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
