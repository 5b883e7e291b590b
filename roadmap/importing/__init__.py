"""Reading roadmaps that schools and districts keep as Word tables, spreadsheets or CSV files."""
