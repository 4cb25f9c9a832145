INSERT INTO imports (source, source_file, sha256, format, encoding, delimiter, sheet, header_row,
                     time_zone, mapping, rows_read, rows_loaded, rows_rejected, rows_skipped,
                     rows_superseded, tickets_new, tickets_updated, tickets_kept, profile, profile_sha256, severity_basis)
VALUES ($source, $source_file, $sha256, $format, $encoding, $delimiter, $sheet, $header_row,
        current_setting('TimeZone'), $mapping, $rows_read, $rows_loaded, $rows_rejected, $rows_skipped,
        $rows_superseded, $tickets_new, $tickets_updated, $tickets_kept, $profile, $profile_sha256, $severity_basis)
RETURNING import_id;
