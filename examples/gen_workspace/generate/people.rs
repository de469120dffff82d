//! The people and organisations: the principal, leaders and units with their
//! heads and staff, and the province peers.

use std::collections::BTreeSet;

use super::width;
use crate::model::{Leader, Peer, Unit, World};
use crate::rng::Rng;
use crate::words::{
    CITY_FIRST, CITY_SECOND, DEPARTMENTS, DISTRICTS, GIVEN, LEADER_SURNAMES, LEADER_TITLES,
    SURNAMES,
};

/// A person's name: a surname and a one- or two-character given name.
fn person(rng: &mut Rng) -> String {
    let mut name = rng.pick(SURNAMES).to_string();
    name.push_str(rng.pick(GIVEN));
    if rng.chance(0.6) {
        name.push_str(rng.pick(GIVEN));
    }
    name
}

/// `base`, or `base2`, `base3`… if taken.
fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

impl World {
    pub(crate) fn gen_people(&mut self, rng: &mut Rng) {
        self.principal = format!(
            "{}{}{}",
            rng.pick(SURNAMES),
            rng.pick(GIVEN),
            rng.pick(GIVEN)
        );
        let mut taken = BTreeSet::new();
        for i in 0..self.plan.leaders {
            let (surname, pinyin) = LEADER_SURNAMES[i % LEADER_SURNAMES.len()];
            let mut name = surname.to_string();
            name.push_str(rng.pick(GIVEN));
            name.push_str(rng.pick(GIVEN));
            self.leaders.push(Leader {
                id: unique_id(pinyin, &mut taken),
                name,
                title: if i == 0 {
                    "党组副书记、副局长"
                } else {
                    rng.pick(LEADER_TITLES)
                },
            });
        }

        // Departments first (as many named ones as fit), the rest districts:
        // named ones, then numbered 学区.
        let n = self.plan.units;
        let n_dept = (n * 2 / 3).clamp(1, DEPARTMENTS.len());
        let n_dist = n - n_dept;
        let depts: Vec<(String, String)> = DEPARTMENTS[..n_dept]
            .iter()
            .map(|(name, id)| (name.to_string(), id.to_string()))
            .collect();
        let w = width(n_dist, 3);
        let dists: Vec<(String, String)> = (0..n_dist)
            .map(|i| match DISTRICTS.get(i) {
                Some((name, id)) => (name.to_string(), id.to_string()),
                None => {
                    let k = i + 1 - DISTRICTS.len();
                    (format!("第{k}学区"), format!("xq{k:0w$}"))
                }
            })
            .collect();

        // Each leader takes a contiguous share of departments and of
        // districts, listed together as in data/units.yaml.
        let leaders = self.plan.leaders;
        for leader in 0..leaders {
            let share = |len: usize| len * leader / leaders..len * (leader + 1) / leaders;
            let picks = depts[share(n_dept)]
                .iter()
                .map(|u| (u, false))
                .chain(dists[share(n_dist)].iter().map(|u| (u, true)));
            for ((name, id), district) in picks {
                let staff = (0..rng.range(2, 3)).map(|_| person(rng)).collect();
                self.units.push(Unit {
                    id: id.clone(),
                    name: name.clone(),
                    district,
                    leader,
                    head: person(rng),
                    staff,
                    decimal_progress: rng.chance(0.25),
                });
            }
        }
    }

    pub(crate) fn gen_peers(&mut self, rng: &mut Rng) {
        let mut names: Vec<String> = CITY_FIRST
            .iter()
            .flat_map(|a| {
                CITY_SECOND
                    .iter()
                    .filter(move |b| *b != a)
                    .map(move |b| format!("{a}{b}"))
            })
            .collect();
        rng.shuffle(&mut names);
        let n = self.plan.peers;
        assert!(n <= names.len(), "not enough peer names for {n} peers");
        let w = width(n, 2);
        self.peers = (0..n)
            .map(|i| Peer {
                id: format!("city-{:0w$}", i + 1),
                name: format!("{}市学习局", names[i]),
            })
            .collect();
        // city-07 of 21, as in data/: near the bottom of the first tier.
        self.self_peer = (n / 3).max(1) - 1;
    }
}
