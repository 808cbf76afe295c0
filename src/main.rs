//! The `credsieve` binary: a thin layer over the library.

mod cli;
#[cfg(target_os = "linux")]
mod huge_pages;

fn main() {
    let code = match cli::run() {
        Ok(code) => code,
        // A closed standard output (`| head`) ends the run quietly, as in ripgrep.
        Err(e) if cli::is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("credsieve: error: {}", cli::one_line(&e));
            1
        }
    };
    std::process::exit(code);
}
