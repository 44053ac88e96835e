import { sql, type Kysely } from 'kysely';
import * as m0016 from './0016_append_function';

/**
 * `append_events` (migration 0016, storing the canonical text since 0022) writes a call's
 * events with one INSERT at its end instead of one per unit. Under the group commit a call
 * carries the appends of every caller waiting (fifty callers: fifty units, fifty INSERTs);
 * one INSERT took a sixth off the function's time for such a call (docs/decisions.md §9).
 *
 * Until now a unit saw the units before it in the same call through the table: an
 * idempotency key they wrote came back as a duplicate, a stream they appended to had
 * their version. Those rows are now written last, so the function keeps what its units
 * appended in two maps (stream to version, key to the append that wrote it) and looks
 * there first; the answers are the ones the table gave. A call of one unit (a batch, or a
 * lone append) builds neither map. The hashed text, the statuses and the rows are the
 * same as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function append_events(p_appends jsonb, p_recorded_at timestamptz, p_hash_alg text)
    returns table (
      ord integer, status text, first_position bigint, last_position bigint, next_version integer,
      actual_version integer, used_by text, hashes text[], recorded_at text
    )
    language plpgsql as $fn$
    #variable_conflict use_column
    declare
      v_items jsonb[] := array(select value from jsonb_array_elements(p_appends));
      v_n integer := coalesce(array_length(v_items, 1), 0);
      v_pos bigint;
      v_hash text;
      v_at timestamptz;
      v_at_text text;
      v_status text[] := array_fill(null::text, array[v_n]);
      v_first bigint[] := array_fill(null::bigint, array[v_n]);
      v_last bigint[] := array_fill(null::bigint, array[v_n]);
      v_next integer[] := array_fill(null::integer, array[v_n]);
      v_actual integer[] := array_fill(null::integer, array[v_n]);
      v_used_by text[] := array_fill(null::text, array[v_n]);
      v_current integer[] := array_fill(null::integer, array[v_n]);
      v_item jsonb;
      v_ev jsonb;
      v_versions jsonb;
      v_start integer;
      v_end integer;
      v_unit_ok boolean;
      v_stream text;
      v_key text;
      v_expected integer;
      v_cur integer;
      v_count integer;
      v_found record;
      v_more record;
      v_text text;
      v_ver integer;
      v_prev text;
      v_hash_from integer[] := array_fill(null::integer, array[v_n]);
      -- what this call has appended so far, for the units after it: stream -> its version,
      -- idempotency key -> the ord of the append that wrote it (none of it is in the table yet)
      v_call_versions jsonb := '{}'::jsonb;
      v_call_keys jsonb := '{}'::jsonb;
      -- every unit's rows, inserted with one statement at the end
      r_pos bigint[] := '{}'; r_stream text[] := '{}'; r_ver integer[] := '{}'; r_type text[] := '{}';
      r_data text[] := '{}'; r_meta text[] := '{}'; r_key text[] := '{}'; r_prev text[] := '{}';
      r_hash text[] := '{}';
      -- per new append: the hash before it, then each of its events' hashes (sliced from v_hash_from[i])
      g_hash text[] := '{}';
      i integer;
      j integer;
    begin
      if p_hash_alg is distinct from 'sha256' then
        raise exception 'append_events hashes with sha256 only, not %', p_hash_alg using errcode = 'invalid_parameter_value';
      end if;
      select h.position, h.hash into v_pos, v_hash from log_head h where h.id = 1 for update;
      if not found then
        raise exception 'log_head is missing: run the migrations';
      end if;
      -- Taken under the lock, so recorded_at never goes back as positions go forward.
      v_at := coalesce(p_recorded_at, date_trunc('milliseconds', clock_timestamp()));
      v_at_text := to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

      v_start := 1;
      while v_start <= v_n loop
        v_end := v_start;
        while v_end < v_n and (v_items[v_end + 1] ->> 'u') = (v_items[v_start] ->> 'u') loop
          v_end := v_end + 1;
        end loop;

        -- Pass 1: decide every append of the unit; nothing is written yet. Streams the
        -- unit appends to more than once take their version from the earlier append.
        v_unit_ok := true;
        v_versions := '{}'::jsonb;
        for i in v_start .. v_end loop
          v_item := v_items[i];
          v_stream := v_item ->> 's';
          v_key := v_item ->> 'k';
          v_expected := (v_item ->> 'v')::integer;
          if v_call_keys ? v_key then
            -- Written by an earlier unit of this call: the same answers as from the table.
            j := (v_call_keys ->> v_key)::integer;
            if v_items[j] ->> 's' <> v_stream then
              v_status[i] := 'key_reused';
              v_used_by[i] := v_items[j] ->> 's';
              v_unit_ok := false;
              continue;
            end if;
            v_first[i] := v_first[j];
            v_last[i] := v_last[j];
            v_next[i] := v_next[j];
            v_status[i] := 'duplicate';
            continue;
          end if;
          select e.stream_id, e.stream_version, e.position, e.transaction_id into v_found
            from events e where e.idempotency_key = v_key || '#0';
          if found then
            if v_found.stream_id <> v_stream then
              v_status[i] := 'key_reused';
              v_used_by[i] := v_found.stream_id;
              v_unit_ok := false;
              continue;
            end if;
            -- The first append's events share its transaction and follow each other.
            v_first[i] := v_found.position;
            v_last[i] := v_found.position;
            v_next[i] := v_found.stream_version;
            j := 1;
            loop
              select e.position, e.stream_version into v_more from events e
                where e.idempotency_key = v_key || '#' || j and e.stream_id = v_stream
                  and e.transaction_id = v_found.transaction_id and e.stream_version = v_found.stream_version + j;
              exit when not found;
              v_last[i] := v_more.position;
              v_next[i] := v_more.stream_version;
              j := j + 1;
            end loop;
            v_status[i] := 'duplicate';
            continue;
          end if;
          if v_versions ? v_stream then
            v_cur := (v_versions ->> v_stream)::integer;
          elsif v_call_versions ? v_stream then
            v_cur := (v_call_versions ->> v_stream)::integer;
          else
            select coalesce(max(e.stream_version), 0) into v_cur from events e where e.stream_id = v_stream;
          end if;
          if v_expected is not null and v_expected <> v_cur then
            v_status[i] := 'conflict';
            v_actual[i] := v_cur;
            v_unit_ok := false;
            continue;
          end if;
          v_count := jsonb_array_length(v_item -> 'e');
          v_current[i] := v_cur;
          v_versions := v_versions || jsonb_build_object(v_stream, v_cur + v_count);
          v_status[i] := 'pending';
        end loop;

        if not v_unit_ok then
          for i in v_start .. v_end loop
            if v_status[i] in ('pending', 'duplicate') then
              v_status[i] := 'skipped';
              v_first[i] := null; v_last[i] := null; v_next[i] := null;
            end if;
          end loop;
        else
          -- Pass 2: positions, hashes and rows for the appends that are new.
          for i in v_start .. v_end loop
            continue when v_status[i] <> 'pending';
            v_item := v_items[i];
            v_stream := v_item ->> 's';
            v_key := v_item ->> 'k';
            -- the slice starts with the hash before the append's first event (its prev_hash)
            v_hash_from[i] := coalesce(array_length(g_hash, 1), 0) + 1;
            g_hash := array_append(g_hash, v_hash);
            v_first[i] := v_pos + 1;
            j := 0;
            for v_ev in select value from jsonb_array_elements(v_item -> 'e') loop
              v_pos := v_pos + 1;
              v_ver := v_current[i] + j + 1;
              v_text := '{"data":' || (v_ev ->> 'd')
                || ',"idempotencyKey":' || to_json(v_key || '#' || j)::text
                || ',"metadata":' || (v_ev ->> 'm')
                || ',"position":' || v_pos
                || ',"recordedAt":"' || v_at_text
                || '","streamId":' || to_json(v_stream)::text
                || ',"streamVersion":' || v_ver
                || ',"type":' || to_json(v_ev ->> 't')::text || '}';
              v_prev := v_hash;
              v_hash := encode(sha256(convert_to(v_prev || E'\n' || v_text, 'UTF8')), 'hex');
              r_pos := array_append(r_pos, v_pos);
              r_stream := array_append(r_stream, v_stream);
              r_ver := array_append(r_ver, v_ver);
              r_type := array_append(r_type, v_ev ->> 't');
              r_data := array_append(r_data, v_ev ->> 'd');
              r_meta := array_append(r_meta, v_ev ->> 'm');
              r_key := array_append(r_key, v_key || '#' || j);
              r_prev := array_append(r_prev, v_prev);
              r_hash := array_append(r_hash, v_hash);
              g_hash := array_append(g_hash, v_hash);
              j := j + 1;
            end loop;
            v_last[i] := v_pos;
            v_next[i] := v_current[i] + j;
            v_status[i] := 'appended';
            -- Only units after this one look these up (a lone unit's call skips the cost).
            if v_end < v_n then
              v_call_keys := v_call_keys || jsonb_build_object(v_key, i);
              v_call_versions := v_call_versions || jsonb_build_object(v_stream, v_next[i]);
            end if;
          end loop;
        end if;
        v_start := v_end + 1;
      end loop;

      if array_length(r_pos, 1) > 0 then
        insert into events (position, stream_id, stream_version, type, data_canonical, metadata_canonical, idempotency_key,
                            recorded_at, prev_hash, hash, hash_alg)
        select u.p, u.s, u.v, u.t, u.d, u.m, u.k, v_at, u.ph, u.h, 'sha256'
          from unnest(r_pos, r_stream, r_ver, r_type, r_data, r_meta, r_key, r_prev, r_hash)
               as u(p, s, v, t, d, m, k, ph, h);
      end if;

      update log_head h set position = v_pos, hash = v_hash where h.id = 1 and h.position <> v_pos;

      for i in 1 .. v_n loop
        ord := i;
        status := v_status[i];
        first_position := v_first[i];
        last_position := v_last[i];
        next_version := v_next[i];
        actual_version := v_actual[i];
        used_by := v_used_by[i];
        hashes := case when v_status[i] = 'appended'
                       then g_hash[v_hash_from[i] : v_hash_from[i] + 1 + (v_last[i] - v_first[i])::integer] end;
        recorded_at := v_at_text;
        return next;
      end loop;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function append_events(jsonb, timestamptz, text)`.execute(db);
  await m0016.up(db, { storeCanonical: true });
}
