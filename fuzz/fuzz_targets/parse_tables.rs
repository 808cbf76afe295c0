//! The analyst-facing inputs: `truth.csv`, `event_labels.csv`, a `--config` TOML, a sweep
//! grid and a `--columns` map with a CSV header read by it, from arbitrary bytes. Errors are
//! fine; panics are not.
#![no_main]

use credsieve::eval::score::parse_truth;
use credsieve::eval::sweep::Grid;
use credsieve::eval::trail::parse_attacker_lines;
use credsieve::input::csv::ColumnMap;
use credsieve::input::{Format, InputOptions};
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
        // `--columns`: the first line as the map, the rest as a CSV read with it.
        let (spec, rest) = text.split_once('\n').unwrap_or((text, ""));
        if let Ok(map) = ColumnMap::parse(spec) {
            let opts = InputOptions {
                columns: Some(map),
                ..InputOptions::default()
            };
            let _ = credsieve::input::header(Format::Csv, rest.as_bytes(), &opts);
        }
    }
});
