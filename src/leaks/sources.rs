//! Parsers for the leak sources of SPEC 3: combo lists, Pwned Passwords, password lists.
