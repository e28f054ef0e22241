//! `audit_log`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub impersonator_user_id: Option<Uuid>,
    pub action: String,
    pub target_user_id: Option<Uuid>,
    pub ip: Option<String>,
    #[sea_orm(column_type = "Json")]
    pub details: Json,
    pub repeat_key: Option<String>,
    pub occurrences: i32,
    pub last_occurred_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
