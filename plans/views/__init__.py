"""The plans app's pages, one module per concern: home (landing, language), catalogue (plans),
submissions (the quarterly reports and their review), notifications, reminders."""
