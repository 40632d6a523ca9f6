// Failure groups (contract §13, OpenAPI `errorSignature`): failing results whose errors
// say the same thing share a signature. The rules, all in error_signature.cpp:
//
//  1. ANSI escape codes never count.
//  2. The message is read up to its first "Call log:" line (any case), stack frame
//     ("    at ...") or code frame ("> 13 |   code", "     |   ^"): Playwright puts the
//     source excerpt before the stack in some reports, and it names neighbouring tests.
//  3. These parts vary between runs of the same problem and are replaced by a marker:
//       UUIDs                                       -> <uuid>
//       hex ids of 6+ characters with a digit and a letter a-f ("4f3a9c21") -> <hex>
//       absolute file paths, with any :line:column ("/ci/app/a.spec.ts:12:5", "C:\x")
//                                                   -> <path>
//       numbers not glued to a word: counts, durations ("5000ms"), ports, pixel counts,
//       line:column, decimals ("0.02") and grouped thousands ("1,234") -> <n>
//     Digits glued after a letter stay ("h1", "sha256", "item3"): they name things.
//  4. A strict mode violation's list of the elements it matched ("1) <button>… aka …")
//     is dropped: how many matched is a number, the locator is on the line before.
//  5. Runs of spaces and tabs become one space; lines are trimmed; blank lines dropped.
//  Everything else — every word, quoted text, locator, expected value, case — is kept,
//  so errors differing in any word get different signatures.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::domain {

// The message as rules 1–5 make it (what the signature hashes).
std::string normalize_error_message(std::string_view message);

// 16 lowercase hex characters (the start of SHA-256 of the normalised message), or
// nothing when the message has no text before its call log, code frame or stack.
std::optional<std::string> error_signature(std::string_view message);

// The first non-blank line of the message without ANSI codes, trimmed, at most 300
// bytes (cut at a UTF-8 boundary): what a group shows as its `message`.
std::string error_first_line(std::string_view message);

}  // namespace euriqa::domain
