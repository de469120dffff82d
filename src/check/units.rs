//! units.yaml (leaders and internal units) and peers.yaml (the comparison group).
//!
//! In: each file's tree. Out: maps by id; a unit's leader must be one of
//! units.yaml's leaders, and every id is used once.

use std::collections::BTreeMap;

use super::fields::{At, Cx, each};
use super::schema;
use crate::load::yaml::Node;
use crate::model::{Leader, Peer, Unit, UnitKind};

pub(super) fn read_units(
    cx: &mut Cx<'_>,
    node: &Node,
) -> (BTreeMap<String, Leader>, BTreeMap<String, Unit>) {
    let Some(f) = cx.fields(node, &schema::UNITS_FILE, "units.yaml") else {
        return Default::default();
    };
    let leaders: Vec<(At<String>, Leader)> = f
        .list_of(cx, "leaders", "leaders", "a leader", |cx, f| {
            let id = f.id(cx, "id");
            let name = f.text(cx, "name");
            let title = f.text(cx, "title");
            let id = id?;
            Some((
                id.clone(),
                Leader {
                    id: id.value,
                    name: name?,
                    title,
                },
            ))
        })
        .unwrap_or_default();
    cx.unique(leaders.iter().map(|(id, _)| id), "leader");
    let leader_map: BTreeMap<String, Leader> =
        leaders.into_iter().map(|(id, l)| (id.value, l)).collect();

    let units: Vec<(At<String>, Unit)> = f
        .list_of(cx, "units", "units", "a unit", |cx, f| {
            let id = f.id(cx, "id");
            let name = f.text(cx, "name");
            let kind = f.choice(cx, "kind").map(|k| {
                if k == "district" {
                    UnitKind::District
                } else {
                    UnitKind::Department
                }
            });
            let leader = f.id(cx, "leader");
            let leader_ok = leader
                .as_ref()
                .is_some_and(|l| cx.refers(l, &leader_map, "leader"));
            let head = f.text(cx, "head");
            let id = id?;
            if !leader_ok {
                return None;
            }
            Some((
                id.clone(),
                Unit {
                    id: id.value,
                    name: name?,
                    kind: kind?,
                    leader: leader?.value,
                    head,
                },
            ))
        })
        .unwrap_or_default();
    cx.unique(units.iter().map(|(id, _)| id), "unit");
    let unit_map = units.into_iter().map(|(id, u)| (id.value, u)).collect();
    (leader_map, unit_map)
}

pub(super) fn read_peers(cx: &mut Cx<'_>, node: &Node) -> BTreeMap<String, Peer> {
    let peers = each(cx, node, "peers.yaml", |cx, item| {
        let f = cx.fields(item, &schema::PEER, "a peer")?;
        let id = f.id(cx, "id");
        let name = f.text(cx, "name");
        let id = id?;
        Some((
            id.clone(),
            Peer {
                id: id.value,
                name: name?,
            },
        ))
    });
    cx.unique(peers.iter().map(|(id, _)| id), "peer");
    peers.into_iter().map(|(id, p)| (id.value, p)).collect()
}
