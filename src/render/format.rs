//! Placeholder until the real formatter lands.
pub fn usd(x: f64) -> String {
    format!("${x:.3e}")
}
pub fn usd_rate(x: f64, unit: &str) -> String {
    format!("${x:.2}/{unit}")
}
pub fn mw(x: f64) -> String {
    format!("{x:.0} MW")
}
pub fn count(x: f64) -> String {
    format!("{x:.0}")
}
pub fn compact_count(x: f64) -> String {
    format!("{x:.0}")
}
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}
pub fn month_label(y: i32, m: u32) -> String {
    format!("{y}-{m:02}")
}
pub fn exact(x: f64) -> String {
    format!("{x}")
}
