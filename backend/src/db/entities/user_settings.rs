//! `user_settings`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "user_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub llm_endpoint: Option<String>,
    pub llm_model: Option<String>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub api_key_ciphertext: Option<Vec<u8>>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub api_key_nonce: Option<Vec<u8>>,
    pub api_key_origin: Option<String>,
    #[sea_orm(column_type = "Json", nullable)]
    pub llm_options: Option<Json>,
    pub session_timeout_minutes: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Users,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
