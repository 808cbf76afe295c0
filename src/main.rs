//! The `credsieve` binary: a thin layer over the library.

mod cli;

fn main() {
    let code = match cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("credsieve: error: {e:#}");
            1
        }
    };
    std::process::exit(code);
}
