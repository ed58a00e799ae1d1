# FeedAggregator image: build with the SDK, run on the ASP.NET runtime as a non-root user, data in a volume.
# The two base images are Microsoft's official .NET 10 images (dotnet/sdk:10.0 and dotnet/aspnet:10.0, from
# Microsoft's container registry); give their full names as build arguments:
#   docker build --build-arg SDK_IMAGE=<registry>/dotnet/sdk:10.0 --build-arg RUNTIME_IMAGE=<registry>/dotnet/aspnet:10.0 -t feedagg .
#   docker run -d -p 5080:5080 -v feedagg-data:/data -v "$PWD/config:/app/config:ro" feedagg
# Relative paths resolve against the working directory /app (config/appsettings.json, config/feeds.opml); the
# database lives in the /data volume. `docker stop` sends SIGTERM: the poll pass is cancelled cleanly, exit code 0.
ARG SDK_IMAGE
ARG RUNTIME_IMAGE
FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props FeedAggregator.sln ./
COPY src/FeedAggregator.Core/FeedAggregator.Core.csproj src/FeedAggregator.Core/
COPY src/FeedAggregator/FeedAggregator.csproj src/FeedAggregator/
RUN dotnet restore src/FeedAggregator/FeedAggregator.csproj
COPY src/ src/
RUN dotnet publish src/FeedAggregator/FeedAggregator.csproj -c Release -o /out --no-restore

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /out ./
COPY config/ ./config/
# The image's unprivileged user (uid 1654); /data is its own so the volume starts writable.
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
ENV FEEDAGG_Storage__Path=/data/feedagg.db
# Hot methods optimized at once (README, Performance; the same in deploy/feedagg.service and launchSettings.json).
ENV DOTNET_TC_CallCountingDelayMs=0
EXPOSE 5080
# Liveness and readiness for an orchestrator: GET /healthz and /readyz (the runtime image has no curl for HEALTHCHECK).
ENTRYPOINT ["dotnet", "feedagg.dll", "run", "--urls", "http://0.0.0.0:5080"]
