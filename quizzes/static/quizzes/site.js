// Behaviour shared by every page; page-specific code lives in its own file.
