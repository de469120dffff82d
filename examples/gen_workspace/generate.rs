//! Generation of the `World`: each part from its own random stream, in the
//! order the later parts depend on.

use crate::model::World;
use crate::plan::Plan;
use crate::rng::Rng;
use months::month_published;
pub(crate) use months::tiers;

mod explanations;
mod indicators;
mod months;
mod people;
mod scores;
mod tasks;
mod weeks;

impl World {
    pub(crate) fn generate(scale: u32, seed: u64) -> World {
        let plan = Plan::new(scale);
        let mut world = World {
            plan,
            seed,
            principal: String::new(),
            leaders: Vec::new(),
            units: Vec::new(),
            peers: Vec::new(),
            self_peer: 0,
            published: Vec::new(),
            indicators: Vec::new(),
            tasks: Vec::new(),
            weeks: Vec::new(),
            months: Vec::new(),
            explanations: Vec::new(),
        };
        world.gen_people(&mut Rng::new(seed, "people"));
        world.gen_peers(&mut Rng::new(seed, "peers"));
        world.gen_indicators(&mut Rng::new(seed, "indicators"));
        world.gen_tasks(&mut Rng::new(seed, "tasks"));
        // Publication dates first: the weekly bulletins refer to them.
        let rng = &mut Rng::new(seed, "published");
        world.published = (1..=world.plan.months)
            .map(|m| month_published(rng, m))
            .collect();
        world.gen_weeks(&mut Rng::new(seed, "weeks"));
        world.gen_months(&mut Rng::new(seed, "months"));
        world
    }
}

/// Number width for ids counting up to `n` (at least `min` digits).
pub(crate) fn width(n: usize, min: usize) -> usize {
    n.to_string().len().max(min)
}
