## writing the result (src/output)
output-write-failed = cannot write the result to standard output: { $error }
