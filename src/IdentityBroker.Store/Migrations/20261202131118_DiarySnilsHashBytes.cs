using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class DiarySnilsHashBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-edited (the tool's AlterColumn has no USING, and text -> bytea cannot be cast implicitly): the stored
            // value is the lower-case hex of the HMAC; decode() gives its 32 bytes. Rewrites the table and rebuilds its
            // indexes under an exclusive lock: minutes at 10 million accounts (README, upgrading).
            migrationBuilder.Sql("ALTER TABLE broker.diary_accounts ALTER COLUMN snils_hash TYPE bytea USING decode(snils_hash, 'hex');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE broker.diary_accounts ALTER COLUMN snils_hash TYPE text USING encode(snils_hash, 'hex');");
        }
    }
}
