# ccsim in a small image: build with the Rust toolchain, ship only the
# binary on a slim Debian, run as an unprivileged user. Used by README.md's
# Kubernetes runbook:  docker build -t ccsim:0.1.0 .
FROM rust:slim AS build
WORKDIR /src
COPY . .
# build.rs names the commit in --version when .git is in the context;
# without it (the .dockerignore leaves it out) the version alone.
RUN cargo build --release --locked --bin ccsim

FROM debian:stable-slim
COPY --from=build /src/target/release/ccsim /usr/local/bin/ccsim
RUN useradd --system --uid 10001 --no-create-home ccsim
USER 10001
WORKDIR /work
ENTRYPOINT ["ccsim"]
