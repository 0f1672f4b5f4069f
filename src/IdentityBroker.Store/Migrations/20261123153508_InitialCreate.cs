using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "broker");

            migrationBuilder.CreateTable(
                name: "account_links",
                schema: "broker",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "text", nullable: false),
                    esia_subject_hash = table.Column<string>(type: "text", nullable: false),
                    diary_account_id = table.Column<string>(type: "text", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_links", x => new { x.region_code, x.esia_subject_hash, x.diary_account_id });
                });

            migrationBuilder.CreateTable(
                name: "audit_records",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_type = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: true),
                    client_id = table.Column<string>(type: "text", nullable: true),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    rule_id = table.Column<string>(type: "text", nullable: true),
                    diary_account_id = table.Column<string>(type: "text", nullable: true),
                    esia_subject_hash = table.Column<string>(type: "text", nullable: true),
                    reference_number = table.Column<string>(type: "text", nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "authorization_codes",
                schema: "broker",
                columns: table => new
                {
                    code_hash = table.Column<string>(type: "text", nullable: false),
                    client_id = table.Column<string>(type: "text", nullable: false),
                    redirect_uri = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    nonce = table.Column<string>(type: "text", nullable: true),
                    code_challenge = table.Column<string>(type: "text", nullable: true),
                    code_challenge_method = table.Column<string>(type: "text", nullable: true),
                    session_id = table.Column<string>(type: "text", nullable: false),
                    auth_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acr = table.Column<string>(type: "text", nullable: true),
                    amr = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    consumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_authorization_codes", x => x.code_hash);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                schema: "broker",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "diary_accounts",
                schema: "broker",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    login = table.Column<string>(type: "text", nullable: false),
                    last_name = table.Column<string>(type: "text", nullable: false),
                    first_name = table.Column<string>(type: "text", nullable: false),
                    middle_name = table.Column<string>(type: "text", nullable: true),
                    normalized_name = table.Column<string>(type: "text", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    gender = table.Column<string>(type: "text", nullable: true),
                    snils_hash = table.Column<string>(type: "text", nullable: true),
                    birth_certificate_hash = table.Column<string>(type: "text", nullable: true),
                    roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    schools = table.Column<string>(type: "jsonb", nullable: false),
                    activated = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diary_accounts", x => new { x.region_code, x.id });
                });

            migrationBuilder.CreateTable(
                name: "diary_relations",
                schema: "broker",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "text", nullable: false),
                    parent_id = table.Column<string>(type: "text", nullable: false),
                    child_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diary_relations", x => new { x.region_code, x.parent_id, x.child_id });
                });

            migrationBuilder.CreateTable(
                name: "pending_sign_ins",
                schema: "broker",
                columns: table => new
                {
                    esia_state = table.Column<Guid>(type: "uuid", nullable: false),
                    browser_binding_hash = table.Column<string>(type: "text", nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_sign_ins", x => x.esia_state);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                schema: "broker",
                columns: table => new
                {
                    key_id = table.Column<string>(type: "text", nullable: false),
                    algorithm = table.Column<string>(type: "text", nullable: false),
                    public_jwk = table.Column<string>(type: "text", nullable: false),
                    protected_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    activates_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signing_keys", x => x.key_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_account_links_region_code_diary_account_id",
                schema: "broker",
                table: "account_links",
                columns: new[] { "region_code", "diary_account_id" });

            migrationBuilder.CreateIndex(
                name: "ix_account_links_region_code_esia_subject_hash",
                schema: "broker",
                table: "account_links",
                columns: new[] { "region_code", "esia_subject_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_esia_subject_hash_at",
                schema: "broker",
                table: "audit_records",
                columns: new[] { "esia_subject_hash", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_reference_number",
                schema: "broker",
                table: "audit_records",
                column: "reference_number");

            migrationBuilder.CreateIndex(
                name: "ix_authorization_codes_expires_at",
                schema: "broker",
                table: "authorization_codes",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_birth_date",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "birth_date" });

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_login",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "login" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_normalized_name",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "normalized_name" });

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_snils_hash",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "snils_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_sign_ins_expires_at",
                schema: "broker",
                table: "pending_sign_ins",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_links",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "audit_records",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "authorization_codes",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "data_protection_keys",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "diary_accounts",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "diary_relations",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "pending_sign_ins",
                schema: "broker");

            migrationBuilder.DropTable(
                name: "signing_keys",
                schema: "broker");
        }
    }
}
