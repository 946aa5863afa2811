//! tokio-postgres conformance check (see ../README.md).
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::env;
use tokio_postgres::{error::SqlState, NoTls};

fn var(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = format!(
        "host={} port={} user={} password={} dbname={} sslmode=disable",
        var("PGHOST"), var("PGPORT"), var("PGUSER"), var("PGPASSWORD"), var("PGDATABASE")
    );
    let (client, conn) = tokio_postgres::connect(&config, NoTls).await.expect("connect");
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            eprintln!("connection: {e}");
        }
    });
    let mut failures: Vec<String> = Vec::new();
    macro_rules! check {
        ($what:expr, $got:expr, $want:expr) => {
            if $got != $want {
                failures.push(format!("{}: got {:?}, want {:?}", $what, $got, $want));
            }
        };
    }

    let t = "drv_tokio_postgres";
    client.batch_execute(&format!("DROP TABLE IF EXISTS {t}")).await.expect("drop");
    client
        .batch_execute(&format!(
            "CREATE TABLE {t} (id int8 PRIMARY KEY, i2 int2, i4 int4, f4 float4, f8 float8, b bool, \
             tx text, vc varchar(10), by bytea, u uuid, ts timestamp, tz timestamptz, jb jsonb, \
             d date, ia int4[], ta text[])"
        ))
        .await
        .expect("create table");

    let i2: i16 = 12;
    let i4: i32 = -123456;
    let f4: f32 = 1.5;
    let f8: f64 = 2.25;
    let b = true;
    let tx = String::from("héllo, 'world'");
    let vc = String::from("short");
    let by: Vec<u8> = vec![0, 1, 0xfe, 0xff];
    let u = uuid::Uuid::parse_str("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").unwrap();
    let ts: NaiveDateTime = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap().and_hms_micro_opt(13, 14, 15, 123456).unwrap();
    let tz = Utc.from_utc_datetime(&ts);
    let jb = serde_json::json!({"a": [1, 2, {"b": null}], "c": "d"});
    let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let ia: Vec<Option<i32>> = vec![Some(1), Some(2), None, Some(4)];
    let ta: Vec<Option<String>> = vec![Some("a".into()), Some("b c".into()), Some("q\"uote".into()), Some(String::new()), None];
    let insert = format!(
        "INSERT INTO {t} (id, i2, i4, f4, f8, b, tx, vc, by, u, ts, tz, jb, d, ia, ta) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    client
        .execute(&insert, &[&1i64, &i2, &i4, &f4, &f8, &b, &tx, &vc, &by, &u, &ts, &tz, &jb, &d, &ia, &ta])
        .await
        .expect("insert values");
    client
        .execute(
            &insert,
            &[&2i64, &None::<i16>, &None::<i32>, &None::<f32>, &None::<f64>, &None::<bool>, &None::<String>,
              &None::<String>, &None::<Vec<u8>>, &None::<uuid::Uuid>, &None::<NaiveDateTime>,
              &None::<chrono::DateTime<Utc>>, &None::<serde_json::Value>, &None::<NaiveDate>,
              &None::<Vec<i32>>, &None::<Vec<String>>],
        )
        .await
        .expect("insert NULLs");

    let select = format!("SELECT i2, i4, f4, f8, b, tx, vc, by, u, ts, tz, jb, d, ia, ta FROM {t} WHERE id = $1");
    let row = client.query_one(&select, &[&1i64]).await.expect("select values");
    check!("i2", row.get::<_, i16>(0), i2);
    check!("i4", row.get::<_, i32>(1), i4);
    check!("f4", row.get::<_, f32>(2), f4);
    check!("f8", row.get::<_, f64>(3), f8);
    check!("b", row.get::<_, bool>(4), b);
    check!("tx", row.get::<_, String>(5), tx);
    check!("vc", row.get::<_, String>(6), vc);
    check!("by", row.get::<_, Vec<u8>>(7), by);
    check!("u", row.get::<_, uuid::Uuid>(8), u);
    check!("ts", row.get::<_, NaiveDateTime>(9), ts);
    check!("tz", row.get::<_, chrono::DateTime<Utc>>(10), tz);
    check!("jb", row.get::<_, serde_json::Value>(11), jb);
    check!("d", row.get::<_, NaiveDate>(12), d);
    check!("ia", row.get::<_, Vec<Option<i32>>>(13), ia);
    check!("ta", row.get::<_, Vec<Option<String>>>(14), ta);
    let row = client.query_one(&select, &[&2i64]).await.expect("select NULLs");
    for i in 0..row.len() {
        let v: Option<String> = match row.columns()[i].type_().name() {
            "text" | "varchar" => row.get(i),
            _ => row.try_get::<_, Option<i32>>(i).ok().flatten().map(|_| String::from("set")),
        };
        check!(format!("NULL column {i}"), v, None::<String>);
    }
    let rows = client
        .query(&format!("SELECT id FROM {t} WHERE tx = $1 AND i4 = $2 AND u = $3"), &[&tx, &i4, &u])
        .await
        .expect("lookup");
    check!("lookup by parameters", rows.iter().map(|r| r.get::<_, i64>(0)).collect::<Vec<_>>(), vec![1i64]);

    client.batch_execute(&format!("BEGIN; INSERT INTO {t} (id) VALUES (3); ROLLBACK")).await.expect("rollback");
    client.batch_execute(&format!("BEGIN; INSERT INTO {t} (id) VALUES (4); COMMIT")).await.expect("commit");
    let rows = client.query(&format!("SELECT id FROM {t} WHERE id IN (3, 4) ORDER BY id"), &[]).await.expect("after");
    check!("after rollback and commit", rows.iter().map(|r| r.get::<_, i64>(0)).collect::<Vec<_>>(), vec![4i64]);

    for (sql, want) in [("SELECT 1 / 0".to_string(), SqlState::DIVISION_BY_ZERO),
                        (format!("INSERT INTO {t} (id) VALUES (1)"), SqlState::UNIQUE_VIOLATION)] {
        match client.batch_execute(&sql).await {
            Ok(_) => failures.push(format!("{sql}: no error")),
            Err(e) => check!(format!("SQLSTATE of {sql}"), e.code().map(|c| c.code().to_string()), Some(want.code().to_string())),
        }
    }

    let msgs = client.simple_query("[ x * 2 : x in [1, 2, 3] ]").await.expect("ZQL");
    let got: Vec<String> = msgs
        .iter()
        .filter_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(r) => r.get(0).map(String::from),
            _ => None,
        })
        .collect();
    check!("ZQL rows", got, vec!["2", "4", "6"]);

    client.batch_execute(&format!("DROP TABLE {t}")).await.expect("drop");
    if !failures.is_empty() {
        for f in &failures {
            println!("{f}");
        }
        std::process::exit(1);
    }
    println!("OK tokio-postgres");
}
