//! (filled in by its task)

#[allow(unused_imports)]
use super::common::{fresh_data_dir, generate_sample, keys, App};
