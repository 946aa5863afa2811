// PostgreSQL JDBC driver conformance check (see ../README.md).
import java.math.BigDecimal;
import java.sql.*;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.*;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

public class Check {
    static final List<String> failures = new ArrayList<>();

    static void check(String what, Object got, Object want) {
        boolean same = (got instanceof byte[] && want instanceof byte[])
                ? Arrays.equals((byte[]) got, (byte[]) want)
                : Objects.equals(got, want);
        if (!same) {
            failures.add(what + ": got " + show(got) + ", want " + show(want));
        }
    }

    static String show(Object o) {
        return o instanceof byte[] ? Arrays.toString((byte[]) o) : String.valueOf(o);
    }

    record Col(String name, String type, Object value) {}

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/"
                + System.getenv("PGDATABASE") + "?sslmode=disable";
        String table = "drv_jdbc";
        List<Col> cols = List.of(
                new Col("i2", "int2", (short) 12),
                new Col("i4", "int4", -123456),
                new Col("i8", "int8", 9007199254740993L),
                new Col("f4", "float4", 1.5f),
                new Col("f8", "float8", 2.25d),
                new Col("n", "numeric", new BigDecimal("12345.678901234567890")),
                new Col("b", "bool", true),
                new Col("t", "text", "héllo, 'world'"),
                new Col("vc", "varchar(10)", "short"),
                new Col("by", "bytea", new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}),
                new Col("u", "uuid", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                new Col("ts", "timestamp", LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000)),
                new Col("tz", "timestamptz", OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 123456000, ZoneOffset.UTC)),
                new Col("d", "date", LocalDate.of(2024, 2, 29)),
                new Col("tm", "time", LocalTime.of(13, 14, 15, 123456000)));

        try (Connection conn = DriverManager.getConnection(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            try (Statement st = conn.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (id int8 PRIMARY KEY");
                for (Col c : cols) ddl.append(", ").append(c.name).append(' ').append(c.type);
                st.execute(ddl.append(", jb jsonb)").toString());
            }
            String names = String.join(", ", cols.stream().map(Col::name).toList());
            String marks = String.join(", ", Collections.nCopies(cols.size() + 2, "?"));
            String insert = "INSERT INTO " + table + " (id, " + names + ", jb) VALUES (" + marks + ")";
            // The statement runs more than prepareThreshold (5) times, so the
            // driver switches to a named server-side prepared statement.
            for (int round = 0; round < 7; round++) {
                try (PreparedStatement ps = conn.prepareStatement(insert)) {
                    ps.setLong(1, 100 + round);
                    for (int i = 0; i < cols.size(); i++) ps.setObject(i + 2, cols.get(i).value);
                    ps.setObject(cols.size() + 2, "{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\"}", Types.OTHER);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(insert)) {
                ps.setLong(1, 2);
                for (int i = 0; i < cols.size() + 1; i++) ps.setNull(i + 2, Types.NULL);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + names + ", jb FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, 106);
                try (ResultSet rs = ps.executeQuery()) {
                    check("a row", rs.next(), true);
                    for (int i = 0; i < cols.size(); i++) {
                        Col c = cols.get(i);
                        Object got = c.value instanceof byte[] ? rs.getBytes(i + 1) : rs.getObject(i + 1, c.value.getClass());
                        check(c.name, got, c.value);
                    }
                    check("jb", rs.getString(cols.size() + 1), "{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\"}");
                }
                ps.setLong(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    check("a row of NULLs", rs.next(), true);
                    for (int i = 0; i <= cols.size(); i++) check("NULL " + (i + 1), rs.getObject(i + 1), null);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM " + table + " WHERE t = ? AND i4 = ? AND u = ?")) {
                ps.setString(1, "héllo, 'world'");
                ps.setInt(2, -123456);
                ps.setObject(3, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("lookup by parameters", rs.getLong(1), 7L);
                }
            }

            // Arrays through parameters and back.
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE " + table + "_arr (id int8 PRIMARY KEY, ia int4[], ta text[], im int4[][], tm text[])");
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + table + "_arr VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setArray(2, conn.createArrayOf("int4", new Integer[] {1, 2, null, 4}));
                ps.setArray(3, conn.createArrayOf("text", new String[] {"a", "b c", "q\"uote", "", null}));
                ps.setArray(4, conn.createArrayOf("int4", new Integer[][] {{1, 2, 3}, {4, null, 6}}));
                ps.setArray(5, conn.createArrayOf("text", new String[][] {{"a", "b c"}, {"q\"uote", null}}));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT ia, ta, im, tm FROM " + table + "_arr WHERE id = ?")) {
                ps.setLong(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    check("an array row", rs.next(), true);
                    check("int4[]", Arrays.asList((Object[]) rs.getArray(1).getArray()), Arrays.asList(1, 2, null, 4));
                    check("text[]", Arrays.asList((Object[]) rs.getArray(2).getArray()), Arrays.asList("a", "b c", "q\"uote", "", null));
                    check("int4[][]", Arrays.deepToString((Object[]) rs.getArray(3).getArray()), "[[1, 2, 3], [4, null, 6]]");
                    check("text[][]", Arrays.deepToString((Object[]) rs.getArray(4).getArray()), "[[a, b c], [q\"uote, null]]");
                }
            }
            try (Statement st = conn.createStatement()) {
                st.execute("DROP TABLE " + table + "_arr");
            }

            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO " + table + " (id) VALUES (3)");
                conn.rollback();
                st.executeUpdate("INSERT INTO " + table + " (id) VALUES (4)");
                conn.commit();
            }
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + table + " WHERE id IN (3, 4) ORDER BY id")) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) ids.add(rs.getLong(1));
                check("after rollback and commit", ids, List.of(4L));
            }

            for (String[] c : new String[][] {{"SELECT 1 / 0", "22012"}, {"INSERT INTO " + table + " (id) VALUES (2)", "23505"}}) {
                try (Statement st = conn.createStatement()) {
                    st.execute(c[0]);
                    failures.add(c[0] + ": no error, want " + c[1]);
                } catch (SQLException e) {
                    check("SQLSTATE of " + c[0], e.getSQLState(), c[1]);
                }
            }

            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("[ x * 2 : x in [1, 2, 3] ]")) {
                List<String> got = new ArrayList<>();
                while (rs.next()) got.add(rs.getString(1));
                check("ZQL rows", got, List.of("2", "4", "6"));
            }

            DatabaseMetaData md = conn.getMetaData();
            try (ResultSet rs = md.getTables(null, null, table, new String[] {"TABLE"})) {
                check("getTables finds the table", rs.next() ? rs.getString("TABLE_NAME") : null, table);
            }
            try (ResultSet rs = md.getColumns(null, null, table, null)) {
                List<String> got = new ArrayList<>();
                while (rs.next()) got.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
                check("getColumns", got.size(), cols.size() + 2);
            }

            // Large objects: LargeObjectManager calls lo_* by their pg_proc
            // OIDs over the FunctionCall message; getBlob reads one too.
            conn.setAutoCommit(false);
            LargeObjectManager lom = conn.unwrap(PGConnection.class).getLargeObjectAPI();
            long loid = lom.createLO(LargeObjectManager.READWRITE);
            byte[] blob = new byte[20000];
            for (int i = 0; i < blob.length; i++) blob[i] = (byte) (i * 7);
            LargeObject lo = lom.open(loid, LargeObjectManager.WRITE);
            lo.write(blob);
            lo.close();
            conn.commit();
            lo = lom.open(loid, LargeObjectManager.READ);
            check("large object size", lo.size64(), (long) blob.length);
            check("large object bytes", lo.read(blob.length), blob);
            lo.seek(100);
            check("large object tell", lo.tell(), 100);
            lo.close();
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + loid)) {
                rs.next();
                Blob b = rs.getBlob(1);
                check("Blob length", b.length(), (long) blob.length);
                check("Blob bytes", b.getBytes(11, 3), Arrays.copyOfRange(blob, 10, 13));
            }
            conn.commit();
            lom.delete(loid);
            conn.commit();
            conn.setAutoCommit(true);

            try (Statement st = conn.createStatement()) {
                st.execute("DROP TABLE " + table);
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("OK jdbc");
    }
}
