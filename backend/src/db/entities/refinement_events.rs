//! `refinement_events`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "refinement_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub kind: String,
    #[sea_orm(column_type = "Json")]
    pub payload: Json,
    pub created_at: DateTimeUtc,
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
