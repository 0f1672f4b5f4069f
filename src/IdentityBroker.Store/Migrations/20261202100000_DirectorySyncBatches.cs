using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <summary>
    /// Issue #13, directory sync API: <c>broker.directory_sync_batches</c> holds each applied batch under its client-chosen
    /// id with its outcome, so a retried batch is answered from here and changes nothing twice; and an index to find an
    /// account's directory audit records (the account's sync state). Written by hand with raw SQL on purpose: the table
    /// is read and written only by <c>Directory/DirectorySyncBatches.cs</c> through Npgsql, like the import's staging
    /// tables, so it is not part of the EF model and the model snapshot does not change.
    /// </summary>
    [DbContext(typeof(BrokerDbContext))]
    [Migration("20261202100000_DirectorySyncBatches")]
    public partial class DirectorySyncBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE TABLE broker.directory_sync_batches (
                    region_code text NOT NULL,
                    batch_id text NOT NULL,
                    client_id text NOT NULL,
                    body_sha256 text NOT NULL,
                    received_at timestamp with time zone NOT NULL,
                    rows integer NOT NULL,
                    rejected integer NOT NULL,
                    outcome jsonb NOT NULL,
                    CONSTRAINT pk_directory_sync_batches PRIMARY KEY (region_code, batch_id)
                );
                CREATE INDEX ix_directory_sync_batches_region_code_received_at ON broker.directory_sync_batches (region_code, received_at);
                CREATE INDEX ix_audit_records_region_code_diary_account_id_at ON broker.audit_records (region_code, diary_account_id, at)
                    WHERE diary_account_id IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP INDEX broker.ix_audit_records_region_code_diary_account_id_at;
                DROP TABLE broker.directory_sync_batches;
                """);
        }
    }
}
