//! Seeds: the demo certification bodies shown by `certa serve --demo`, and synthetic
//! volume data for benchmarks and capacity checks.

mod demo;
mod volume;

pub use demo::{DEMO_PASSWORD, DemoLogin, seed_demo};
pub use volume::{CERTIFICATES_PER_CLIENT, Volume, VolumeSeeded, seed_volume};
