# ghstats and ghstats-simulator, built with the Swift toolchain, run on Debian with librdkafka and SQLite.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka-dev libsqlite3-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --static-swift-stdlib --product ghstats \
    && swift build -c release --static-swift-stdlib --product ghstats-simulator \
    && mkdir -p /out && cp .build/release/ghstats .build/release/ghstats-simulator /out/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka1 libsqlite3-0 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /data ghstats && mkdir -p /data && chown ghstats /data
COPY --from=build /out/ /usr/local/bin/
USER ghstats
WORKDIR /data
EXPOSE 9464 8080 8088
ENTRYPOINT ["ghstats"]
CMD ["--help"]
