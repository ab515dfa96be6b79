//! Typed indices into the spec's arenas, so a queue index can never be
//! mistaken for an agent-group index.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u16);

        impl $name {
            /// The index into the spec's list.
            pub fn index(self) -> usize {
                usize::from(self.0)
            }
        }
    };
}

id_type!(
    /// A queue: index into [`CenterSpec::queues`](super::spec::CenterSpec::queues).
    QueueId
);
id_type!(
    /// A routing profile: index into `CenterSpec::profiles`.
    ProfileId
);
id_type!(
    /// An agent group: index into `CenterSpec::groups`.
    GroupId
);
id_type!(
    /// A flow: index into `CenterSpec::flows`.
    FlowId
);
id_type!(
    /// A contact source: index into `CenterSpec::sources`.
    SourceId
);
