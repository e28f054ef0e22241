//! `cover_letter_revisions`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "cover_letter_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub letter_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i64,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::cover_letters::Entity",
        from = "Column::LetterId",
        to = "super::cover_letters::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    CoverLetters,
}

impl Related<super::cover_letters::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CoverLetters.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
