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
        .get("leaders")
        .map(|n| {
            each(cx, n, "leaders", |cx, item| {
                let f = cx.fields(item, &schema::LEADER, "a leader")?;
                let id = f.get("id").and_then(|n| cx.id(n));
                let name = f.get("name").and_then(|n| cx.text(n));
                let title = f.get("title").and_then(|n| cx.text(n));
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
        })
        .unwrap_or_default();
    cx.unique(leaders.iter().map(|(id, _)| id), "leader");
    let leader_map: BTreeMap<String, Leader> =
        leaders.into_iter().map(|(id, l)| (id.value, l)).collect();

    let units: Vec<(At<String>, Unit)> = f
        .get("units")
        .map(|n| {
            each(cx, n, "units", |cx, item| {
                let f = cx.fields(item, &schema::UNIT, "a unit")?;
                let id = f.get("id").and_then(|n| cx.id(n));
                let name = f.get("name").and_then(|n| cx.text(n));
                let kind = f
                    .get("kind")
                    .and_then(|n| cx.choice(n, schema::UNIT_KINDS))
                    .map(|k| {
                        if k == "district" {
                            UnitKind::District
                        } else {
                            UnitKind::Department
                        }
                    });
                let leader = f.get("leader").and_then(|n| cx.id(n));
                let leader_ok = leader
                    .as_ref()
                    .is_some_and(|l| cx.refers(l, &leader_map, "leader"));
                let head = f.get("head").and_then(|n| cx.text(n));
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
        })
        .unwrap_or_default();
    cx.unique(units.iter().map(|(id, _)| id), "unit");
    let unit_map = units.into_iter().map(|(id, u)| (id.value, u)).collect();
    (leader_map, unit_map)
}

pub(super) fn read_peers(cx: &mut Cx<'_>, node: &Node) -> BTreeMap<String, Peer> {
    let peers = each(cx, node, "peers.yaml", |cx, item| {
        let f = cx.fields(item, &schema::PEER, "a peer")?;
        let id = f.get("id").and_then(|n| cx.id(n));
        let name = f.get("name").and_then(|n| cx.text(n));
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
