INSERT INTO imports (source_file, sha256, format, sheet, header_row, rows_read, rows_loaded,
                     rows_rejected, rows_skipped, profile, profile_sha256)
VALUES ($source_file, $sha256, $format, $sheet, $header_row, $rows_read, $rows_loaded,
        $rows_rejected, $rows_skipped, $profile, $profile_sha256)
RETURNING import_id;
