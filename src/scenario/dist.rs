//! Distributions as the scenario file writes them, and the one list of
//! families they may name: each family's fields, an example for hints, and
//! its builder. To add a family, add a field to [`RawDistTable`] (and to
//! `present_fields`) if it needs a new one, and one entry to `FAMILIES`.

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use crate::engine::{Dist, DistError};

use super::check::{with_article, Check};
use super::duration::RawDuration;

/// A distribution as written: a bare duration (constant) or a table naming
/// the family and its mean plus shape.
#[derive(Debug, Clone)]
pub enum RawDist {
    /// `"30s"`: always that.
    Constant(RawDuration),
    /// `{ dist = "lognormal", mean = "3m", cv = 0.5 }` and friends.
    Table(RawDistTable),
}

/// The table form of a distribution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistTable {
    /// Family: constant, exponential, lognormal, gamma, erlang, weibull,
    /// uniform, empirical.
    pub dist: String,
    /// Mean.
    pub mean: Option<RawDuration>,
    /// Value of a constant.
    pub value: Option<RawDuration>,
    /// Coefficient of variation (lognormal, gamma).
    pub cv: Option<f64>,
    /// Phases (erlang).
    pub k: Option<i64>,
    /// Shape (weibull).
    pub shape: Option<f64>,
    /// Lower bound (uniform).
    pub min: Option<RawDuration>,
    /// Upper bound (uniform).
    pub max: Option<RawDuration>,
    /// Values (empirical).
    pub values: Option<Vec<RawDuration>>,
}

impl<'de> Deserialize<'de> for RawDist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDist;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration (\"30s\") or a table such as { dist = \"exponential\", mean = \"3m\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDist, E> {
                super::duration::parse_duration(v)
                    .map(|s| RawDist::Constant(RawDuration(s)))
                    .map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDist, A::Error> {
                RawDistTable::deserialize(MapAccessDeserializer::new(map)).map(RawDist::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// One distribution family a scenario may name.
struct Family {
    /// The name written as `dist = "…"`.
    name: &'static str,
    /// The fields it takes, every one required, in the order a missing one
    /// is reported.
    fields: &'static [&'static str],
    /// A complete example, quoted in hints.
    example: &'static str,
    /// Builds it from a table holding exactly `fields`.
    build: fn(&RawDistTable) -> Result<Dist, Unfit>,
}

/// Why a family's fields do not make a distribution.
enum Unfit {
    /// The engine refused the parameters; reported at the distribution's
    /// path with the family's example.
    Dist(DistError),
    /// One field is out of range: reported at that field as
    /// (field, message, hint).
    Field(&'static str, &'static str, &'static str),
}

/// Every family, in the order the hint for an unknown one lists them.
const FAMILIES: [Family; 8] = [
    Family {
        name: "constant",
        fields: &["value"],
        example: "{ dist = \"constant\", value = \"30s\" } or just \"30s\"",
        build: |t| Dist::constant(secs(t.value)).map_err(Unfit::Dist),
    },
    Family {
        name: "exponential",
        fields: &["mean"],
        example: "{ dist = \"exponential\", mean = \"3m\" }",
        build: |t| Dist::exponential(secs(t.mean)).map_err(Unfit::Dist),
    },
    Family {
        name: "lognormal",
        fields: &["mean", "cv"],
        example: "{ dist = \"lognormal\", mean = \"3m\", cv = 0.6 }",
        build: |t| Dist::lognormal(secs(t.mean), t.cv.unwrap_or(0.0)).map_err(Unfit::Dist),
    },
    Family {
        name: "gamma",
        fields: &["mean", "cv"],
        example: "{ dist = \"gamma\", mean = \"3m\", cv = 0.6 }",
        build: |t| Dist::gamma(secs(t.mean), t.cv.unwrap_or(0.0)).map_err(Unfit::Dist),
    },
    Family {
        name: "erlang",
        fields: &["mean", "k"],
        example: "{ dist = \"erlang\", mean = \"3m\", k = 3 }",
        build: |t| match u32::try_from(t.k.unwrap_or(0)) {
            Ok(k) if k > 0 => Dist::erlang(secs(t.mean), k).map_err(Unfit::Dist),
            _ => Err(Unfit::Field(
                "k",
                "k must be a whole number ≥ 1",
                "e.g. k = 3",
            )),
        },
    },
    Family {
        name: "weibull",
        fields: &["mean", "shape"],
        example: "{ dist = \"weibull\", mean = \"5m\", shape = 1.5 }",
        build: |t| Dist::weibull(secs(t.mean), t.shape.unwrap_or(0.0)).map_err(Unfit::Dist),
    },
    Family {
        name: "uniform",
        fields: &["min", "max"],
        example: "{ dist = \"uniform\", min = \"2s\", max = \"6s\" }",
        build: |t| Dist::uniform(secs(t.min), secs(t.max)).map_err(Unfit::Dist),
    },
    Family {
        name: "empirical",
        fields: &["values"],
        example: "{ dist = \"empirical\", values = [\"20s\", \"45s\", \"2m\"] }",
        build: |t| {
            Dist::empirical(t.values.iter().flatten().map(|v| v.0).collect()).map_err(Unfit::Dist)
        },
    },
];

/// Seconds of an optional duration (a field the family check has already
/// found present).
fn secs(d: Option<RawDuration>) -> f64 {
    d.map(|x| x.0).unwrap_or(0.0)
}

/// The fields a distribution table sets, in declaration order.
fn present_fields(t: &RawDistTable) -> Vec<&'static str> {
    let mut v = Vec::new();
    if t.mean.is_some() {
        v.push("mean");
    }
    if t.value.is_some() {
        v.push("value");
    }
    if t.cv.is_some() {
        v.push("cv");
    }
    if t.k.is_some() {
        v.push("k");
    }
    if t.shape.is_some() {
        v.push("shape");
    }
    if t.min.is_some() {
        v.push("min");
    }
    if t.max.is_some() {
        v.push("max");
    }
    if t.values.is_some() {
        v.push("values");
    }
    v
}

impl Check {
    /// Builds a distribution of seconds.
    pub(super) fn dist(&mut self, path: &str, raw: &RawDist) -> Option<Dist> {
        let t = match raw {
            RawDist::Constant(d) => {
                return match Dist::constant(d.0) {
                    Ok(x) => Some(x),
                    Err(e) => {
                        self.fail(path, e.to_string(), "durations are ≥ 0");
                        None
                    }
                }
            }
            RawDist::Table(t) => t,
        };
        let Some(family) = FAMILIES.iter().find(|f| f.name == t.dist) else {
            let names: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
            self.fail(
                format!("{path}.dist"),
                format!("unknown distribution `{}`", t.dist),
                format!("use one of {}", names.join(", ")),
            );
            return None;
        };
        if !self.family_fields(path, family, t) {
            return None;
        }
        match (family.build)(t) {
            Ok(d) => Some(d),
            Err(Unfit::Field(field, message, hint)) => {
                self.fail(format!("{path}.{field}"), message, hint);
                None
            }
            Err(Unfit::Dist(e)) => {
                self.fail(
                    path,
                    e.to_string(),
                    format!("write e.g. {}", family.example),
                );
                None
            }
        }
    }

    /// Checks that the table sets exactly the family's fields — anything
    /// else is a mistake worth reporting rather than ignoring. True if so.
    fn family_fields(&mut self, path: &str, family: &Family, t: &RawDistTable) -> bool {
        let name = family.name;
        let allowed = family.fields;
        let present = present_fields(t);
        let mut ok = true;
        for f in &present {
            if !allowed.contains(f) {
                self.fail(
                    format!("{path}.{f}"),
                    format!(
                        "`{f}` does not apply to {} distribution",
                        with_article(name)
                    ),
                    format!(
                        "{} distribution takes: {}",
                        with_article(name),
                        allowed.join(", ")
                    ),
                );
                ok = false;
            }
        }
        for f in allowed {
            if !present.contains(f) {
                self.fail(
                    format!("{path}.{f}"),
                    format!("{} distribution needs `{f}`", with_article(name)),
                    format!("write e.g. {}", family.example),
                );
                ok = false;
            }
        }
        ok
    }
}
