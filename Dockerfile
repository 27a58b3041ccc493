# athletIQ: built with the Swift toolchain, run on a slim Debian with nothing but the binary.
# docker build -t athletiq .      (docker compose -f docker-compose.prod.yml up -d for the whole stack)

FROM swift:6.2-bookworm AS build
WORKDIR /src
# Dependencies first, so code changes do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product athletiq \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/athletiq" /staging/ \
    && find -L "$(swift build -c release --show-bin-path)" -regex '.*\.resources$' -exec cp -Ra {} /staging/ \; || true

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata libcurl4 libxml2 postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin athletiq
WORKDIR /app
COPY --from=build --chown=athletiq:athletiq /staging /app
USER athletiq
ENV ENVIRONMENT=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/app/data LOG_FORMAT=json
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# SIGTERM: in-flight requests finish, Strava jobs go back to the queue (within about 40 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/athletiq"]
CMD ["serve", "--no-migrate"]
