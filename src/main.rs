//! The `jelly` binary: everything happens in [`jelly::run`].

fn main() -> std::process::ExitCode {
    jelly::run(std::env::args_os())
}
