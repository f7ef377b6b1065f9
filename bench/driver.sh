# Sourced by bench/icount.sh and bench/profile.sh: builds bench/icount.rs
# (the bench's streams, pushed once) against a weir-core directory, with
# the bench profile (release's opt-level, LTO and codegen units), so both
# scripts count the same code.
#   build_driver CORE_DIR DRIVER_DIR TARGET_DIR [PROFILE_LINE]
# prints the executable's path. PROFILE_LINE is one more [profile.release]
# setting (profile.sh's line tables, which do not change the code).
build_driver() {
  local core=$1 d=$2 target=$3 extra=${4:-} features= root
  root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
  mkdir -p "$d/src"
  cp "$root/bench/icount.rs" "$d/src/main.rs"
  cp "$root/Cargo.lock" "$d/"
  # A core from before the columnar path builds the driver without it.
  grep -qs 'pub fn push_columns' "$core/src/engine/columns.rs" && features='default = ["columns"]'
  cat >"$d/Cargo.toml" <<TOML
[package]
name = "icount"
version = "0.0.0"
edition = "2021"
[features]
columns = []
$features
[dependencies]
weir-core = { path = "$core" }
[workspace]
[profile.release]
opt-level = 3
lto = true
codegen-units = 1
$extra
TOML
  (cd "$d" && CARGO_TARGET_DIR="$target" cargo build -q --release --offline) >&2
  echo "$target/release/icount"
}
