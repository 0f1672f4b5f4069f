using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class OidcProviderState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "dpop_jkt",
                schema: "broker",
                table: "authorization_codes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "issued_access_token_expires_at",
                schema: "broker",
                table: "authorization_codes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "issued_access_token_jti",
                schema: "broker",
                table: "authorization_codes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "issued_refresh_family_id",
                schema: "broker",
                table: "authorization_codes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "keep_until",
                schema: "broker",
                table: "authorization_codes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "broker_sessions",
                schema: "broker",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    esia_subject_hash = table.Column<string>(type: "text", nullable: false),
                    auth_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acr = table.Column<string>(type: "text", nullable: true),
                    amr = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broker_sessions", x => x.session_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    destination = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    idempotency_key = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pushed_authorization_requests",
                schema: "broker",
                columns: table => new
                {
                    request_uri_hash = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<string>(type: "text", nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    dpop_jkt = table.Column<string>(type: "text", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pushed_authorization_requests", x => x.request_uri_hash);
                });

            migrationBuilder.CreateTable(
                name: "refresh_tokens",
                schema: "broker",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "text", nullable: false),
                    family_id = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    session_id = table.Column<string>(type: "text", nullable: false),
                    auth_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acr = table.Column<string>(type: "text", nullable: true),
                    amr = table.Column<List<string>>(type: "text[]", nullable: false),
                    dpop_jkt = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    successor_hash = table.Column<string>(type: "text", nullable: true),
                    protected_successor = table.Column<byte[]>(type: "bytea", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refresh_tokens", x => x.token_hash);
                });

            migrationBuilder.CreateTable(
                name: "replay_entries",
                schema: "broker",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replay_entries", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "revoked_access_tokens",
                schema: "broker",
                columns: table => new
                {
                    jti = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revoked_access_tokens", x => x.jti);
                });

            migrationBuilder.CreateTable(
                name: "session_clients",
                schema: "broker",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_clients", x => new { x.session_id, x.client_id });
                    table.ForeignKey(
                        name: "fk_session_clients_broker_sessions_session_id",
                        column: x => x.session_id,
                        principalSchema: "broker",
                        principalTable: "broker_sessions",
                        principalColumn: "session_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_broker_sessions_expires_at",
                schema: "broker",
                table: "broker_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_broker_sessions_region_code_subject",
                schema: "broker",
                table: "broker_sessions",
                columns: new[] { "region_code", "subject" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_idempotency_key",
                schema: "broker",
                table: "outbox_messages",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending_next_attempt_at",
                schema: "broker",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "delivered_at IS NULL AND failed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pushed_authorization_requests_expires_at",
                schema: "broker",
                table: "pushed_authorization_requests",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_expires_at",
                schema: "broker",
                table: "refresh_tokens",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_family_id",
                schema: "broker",
                table: "refresh_tokens",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_region_code_subject",
                schema: "broker",
                table: "refresh_tokens",
                columns: new[] { "region_code", "subject" });

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_session_id",
                schema: "broker",
                table: "refresh_tokens",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_replay_entries_expires_at",
                schema: "broker",
                table: "replay_entries",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_revoked_access_tokens_expires_at",
                schema: "broker",
                table: "revoked_access_tokens",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "pushed_authorization_requests",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "refresh_tokens",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "replay_entries",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "revoked_access_tokens",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "session_clients",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "broker_sessions",
                schema: "broker");

            migrationBuilder.DropColumn(
                name: "dpop_jkt",
                schema: "broker",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "issued_access_token_expires_at",
                schema: "broker",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "issued_access_token_jti",
                schema: "broker",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "issued_refresh_family_id",
                schema: "broker",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "keep_until",
                schema: "broker",
                table: "authorization_codes");
        }
    }
}
