"""Import and export of the mentee and mentor bases (CSV, XLSX)."""

urlpatterns = []
