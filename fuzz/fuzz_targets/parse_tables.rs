//! The analyst-facing inputs: `truth.csv`, `event_labels.csv`, a `--config` TOML and a sweep
//! grid, from arbitrary bytes. Errors are fine; panics are not.
#![no_main]

use credsieve::eval::score::parse_truth;
use credsieve::eval::sweep::Grid;
use credsieve::eval::trail::parse_attacker_lines;
use credsieve::rules::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_truth(std::path::Path::new("fuzz/truth.csv"), data);
    let _ = parse_attacker_lines(std::path::Path::new("fuzz/event_labels.csv"), data);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(c) = Config::from_toml(text) {
            let _ = c.validate();
            if let Ok(g) = Grid::from_toml(text) {
                let _ = g.points(&c);
            }
        }
        let _ = Grid::from_toml(text);
    }
});
