//! Lists kept in child tables (one row per value, in `position` order): the standards of
//! applications, programmes, audits and checklist items, the technical areas of audits
//! and client scopes, and the roles of memberships and invitations.
//!
//! A parent and its lists are read in one statement: each list is an aggregate subquery
//! column of the parent's query ([`List::aggregate`]), so reading a page of parents costs
//! the same number of statements whatever the parents hold. Writing a list is one
//! multi-row insert per batch of parents.

use crate::db::Conn;
use crate::{StoreError, TenantTx};
use sea_orm::sea_query::{Alias, Expr, Query, SimpleExpr, Value};
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryResult, QuerySelect, Select,
    SelectModel, Selector,
};

/// Joins the values inside an aggregate column; no list value holds it.
const SEP: char = '\u{1f}';

/// Rows per insert statement (five parameters a row at most).
const CHUNK: usize = 500;

/// One list table.
pub(crate) struct List {
    /// The child table.
    table: &'static str,
    /// The parent table.
    parent: &'static str,
    /// The parent's key after `tenant_id`: (column in the child table, column in the parent).
    keys: &'static [(&'static str, &'static str)],
    /// The value column.
    value: &'static str,
}

pub(crate) const APPLICATION_STANDARDS: List = List {
    table: "application_standards",
    parent: "applications",
    keys: &[("application_id", "id")],
    value: "standard_code",
};
pub(crate) const PROGRAMME_STANDARDS: List = List {
    table: "programme_standards",
    parent: "programmes",
    keys: &[("programme_id", "id")],
    value: "standard_code",
};
pub(crate) const AUDIT_STANDARDS: List = List {
    table: "audit_standards",
    parent: "audits",
    keys: &[("audit_id", "id")],
    value: "standard_code",
};
pub(crate) const AUDIT_TECHNICAL_AREAS: List = List {
    table: "audit_technical_areas",
    parent: "audits",
    keys: &[("audit_id", "id")],
    value: "technical_area",
};
pub(crate) const ITEM_STANDARDS: List = List {
    table: "checklist_item_standards",
    parent: "checklist_items",
    keys: &[("checklist_item_id", "id")],
    value: "standard_code",
};
pub(crate) const CERTIFICATE_STANDARDS: List = List {
    table: "certificate_standards",
    parent: "certificates",
    keys: &[("certificate_id", "id")],
    value: "standard_code",
};
pub(crate) const MEMBERSHIP_ROLES: List = List {
    table: "membership_roles",
    parent: "memberships",
    keys: &[("membership_id", "id")],
    value: "role",
};
pub(crate) const INVITATION_ROLES: List = List {
    table: "invitation_roles",
    parent: "invitations",
    keys: &[("invitation_id", "id")],
    value: "role",
};
pub(crate) const SCOPE_TECHNICAL_AREAS: List = List {
    table: "client_scope_technical_areas",
    parent: "client_scopes",
    keys: &[
        ("client_id", "client_id"),
        ("standard_code", "standard_code"),
    ],
    value: "technical_area",
};

impl List {
    /// The list of each parent row as one column of the parent's query (values joined in
    /// order; read back with [`Listed`]).
    pub(crate) fn aggregate(&self) -> SimpleExpr {
        let (table, parent, value) = (self.table, self.parent, self.value);
        let mut on = format!("l.tenant_id = {parent}.tenant_id");
        for (c, p) in self.keys {
            on.push_str(&format!(" AND l.{c} = {parent}.{p}"));
        }
        Expr::cust(format!(
            "(SELECT string_agg(l.{value}, '{SEP}' ORDER BY l.position) FROM {table} l WHERE {on})"
        ))
    }

    /// Stores the lists of new parents: `rows` holds each parent's key after `tenant_id`
    /// and its values. Empty values are left out; repeated ones are kept once, at their
    /// first position.
    pub(crate) async fn insert(
        &self,
        tx: &TenantTx,
        rows: Vec<(Vec<Value>, Vec<String>)>,
    ) -> Result<(), StoreError> {
        let mut cols = vec![Alias::new("tenant_id")];
        cols.extend(self.keys.iter().map(|(c, _)| Alias::new(*c)));
        cols.push(Alias::new(self.value));
        cols.push(Alias::new("position"));
        let mut values: Vec<Vec<SimpleExpr>> = Vec::new();
        for (key, list) in rows {
            for (position, v) in normalize(&list).into_iter().enumerate() {
                let mut row: Vec<SimpleExpr> = vec![tx.tid().into()];
                row.extend(key.iter().cloned().map(SimpleExpr::Value));
                row.push(v.into());
                row.push(i32::try_from(position).unwrap_or(i32::MAX).into());
                values.push(row);
            }
        }
        let conn = tx.conn();
        for chunk in values.chunks(CHUNK) {
            let mut q = Query::insert();
            q.into_table(Alias::new(self.table)).columns(cols.clone());
            for row in chunk {
                q.values(row.clone())
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
            }
            conn.execute(conn.get_database_backend().build(&q)).await?;
        }
        Ok(())
    }

    /// Replaces the list of one parent.
    pub(crate) async fn replace(
        &self,
        tx: &TenantTx,
        key: Vec<Value>,
        list: Vec<String>,
    ) -> Result<(), StoreError> {
        let mut q = Query::delete();
        q.from_table(Alias::new(self.table))
            .and_where(Expr::col(Alias::new("tenant_id")).eq(tx.tid()));
        for ((c, _), v) in self.keys.iter().zip(key.iter()) {
            q.and_where(Expr::col(Alias::new(*c)).eq(v.clone()));
        }
        let conn = tx.conn();
        conn.execute(conn.get_database_backend().build(&q)).await?;
        self.insert(tx, vec![(key, list)]).await
    }
}

/// A list as stored: empty values left out, repeated ones kept once at their first place.
pub(crate) fn normalize(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for v in list {
        if !v.is_empty() && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// Adds a list to a parent query, read back with [`Listed`].
pub(crate) fn with_list<E: EntityTrait>(
    q: Select<E>,
    l: &List,
) -> Selector<SelectModel<Listed<E::Model>>> {
    q.column_as(l.aggregate(), "list_0").into_model()
}

/// Adds two lists to a parent query, read back with [`Listed2`].
pub(crate) fn with_lists<E: EntityTrait>(
    q: Select<E>,
    l0: &List,
    l1: &List,
) -> Selector<SelectModel<Listed2<E::Model>>> {
    q.column_as(l0.aggregate(), "list_0")
        .column_as(l1.aggregate(), "list_1")
        .into_model()
}

/// Splits an aggregate column back into its values.
fn split(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split(SEP).map(str::to_string).collect())
        .unwrap_or_default()
}

/// A parent row read with one list ([`List::aggregate`] selected as `list_0`).
pub(crate) struct Listed<M> {
    pub model: M,
    pub list: Vec<String>,
}

impl<M: FromQueryResult> FromQueryResult for Listed<M> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            model: M::from_query_result(res, pre)?,
            list: split(res.try_get(pre, "list_0")?),
        })
    }
}

/// A parent row read with two lists (selected as `list_0` and `list_1`).
pub(crate) struct Listed2<M> {
    pub model: M,
    pub lists: (Vec<String>, Vec<String>),
}

impl<M: FromQueryResult> FromQueryResult for Listed2<M> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            model: M::from_query_result(res, pre)?,
            lists: (
                split(res.try_get(pre, "list_0")?),
                split(res.try_get(pre, "list_1")?),
            ),
        })
    }
}
