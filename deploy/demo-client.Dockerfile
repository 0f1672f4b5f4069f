# NEVER PRODUCTION. The demo diary client (src/IdentityBroker.DemoClient): a hand-written relying party for a staging
# stand, to click through a sign-in against the broker.
#   docker build -f deploy/demo-client.Dockerfile -t registry.example.ru/identity-broker/demo-client:0.1.0 .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json NuGet.config Directory.Build.props Directory.Packages.props ./
COPY src/IdentityBroker.DemoClient/IdentityBroker.DemoClient.csproj src/IdentityBroker.DemoClient/
RUN dotnet restore src/IdentityBroker.DemoClient/IdentityBroker.DemoClient.csproj
COPY src/IdentityBroker.DemoClient/ src/IdentityBroker.DemoClient/
RUN dotnet publish src/IdentityBroker.DemoClient/IdentityBroker.DemoClient.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS final
LABEL org.opencontainers.image.title="IdentityBroker demo client (never production)"
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 DOTNET_EnableDiagnostics=0 HOME=/tmp
EXPOSE 8080
USER 1654
ENTRYPOINT ["/app/IdentityBroker.DemoClient"]
