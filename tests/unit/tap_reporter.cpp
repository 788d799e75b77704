// SPDX-License-Identifier: MIT
// A doctest reporter that writes TAP (the Test Anything Protocol), selected
// with --reporters=tap. doctest 2.4 has no TAP reporter of its own, and
// meson test counts the test cases of a TAP stream one by one, but from an
// exit code alone it gets a single pass or failure.
//
// Each test case becomes one "ok N - name" or "not ok N - name" line. The
// details of a failed check, a message or an exception are "# " comment
// lines written before that line, as they happen, so that a crash does not
// lose them. The plan "1..N" comes last, because doctest reports the number
// of cases that pass the filters only at the end of the run.
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace {

class TapReporter : public doctest::IReporter {
public:
  explicit TapReporter(const doctest::ContextOptions& options)
      : out_(*options.cout) {}

  void report_query(const doctest::QueryData&) override {}

  void test_run_start() override {}

  void test_run_end(const doctest::TestRunStats&) override {
    out_ << "1.." << case_count_ << '\n';
    out_.flush();
  }

  void test_case_start(const doctest::TestCaseData& test_case) override {
    test_case_ = &test_case;
    subcases_.clear();
  }

  void test_case_reenter(const doctest::TestCaseData&) override {
    subcases_.clear();
  }

  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    ++case_count_;
    out_ << (stats.testCaseSuccess ? "ok " : "not ok ") << case_count_ << " - "
         << test_case_->m_name << '\n';
    out_.flush();
  }

  void test_case_exception(const doctest::TestCaseException& error) override {
    std::ostringstream text;
    text << (error.is_crash ? "crashed: " : "threw an exception: ")
         << error.error_string.c_str();
    write_comment(text.str());
  }

  void subcase_start(const doctest::SubcaseSignature& subcase) override {
    subcases_.emplace_back(subcase.m_name.c_str());
  }

  void subcase_end() override {
    if (!subcases_.empty())
      subcases_.pop_back();
  }

  void log_assert(const doctest::AssertData& check) override {
    if (!check.m_failed)
      return;
    std::ostringstream text;
    text << location(check.m_file, check.m_line)
         << doctest::failureString(check.m_at) << ": "
         << doctest::assertString(check.m_at) << "( " << check.m_expr << " )\n";
    if (check.m_threw)
      text << "threw: " << check.m_exception.c_str() << '\n';
    else
      text << "values: " << check.m_decomp.c_str() << '\n';
    write_context(text);
    write_comment(text.str());
  }

  void log_message(const doctest::MessageData& message) override {
    // Like the console reporter, call a plain MESSAGE a message and name
    // the severity of FAIL_CHECK and FAIL.
    bool is_message = (message.m_severity & doctest::assertType::is_warn) != 0;
    const char* label =
        is_message ? "MESSAGE" : doctest::failureString(message.m_severity);
    std::ostringstream text;
    text << location(message.m_file, message.m_line) << label << ": "
         << message.m_string.c_str() << '\n';
    write_context(text);
    write_comment(text.str());
  }

  void test_case_skipped(const doctest::TestCaseData&) override {}

private:
  static std::string location(const char* file, int line) {
    std::ostringstream text;
    text << doctest::skipPathFromFilename(file) << ':' << line << ": ";
    return text.str();
  }

  // Appends the enclosing subcases and the INFO and CAPTURE values in scope.
  void write_context(std::ostringstream& text) const {
    for (const std::string& subcase : subcases_)
      text << "in subcase: " << subcase << '\n';
    int count = get_num_active_contexts();
    const doctest::IContextScope* const* contexts = get_active_contexts();
    for (int i = 0; i < count; ++i) {
      text << "with ";
      contexts[i]->stringify(&text);
      text << '\n';
    }
  }

  // Writes text as TAP comment lines, one "# " per line, so that a parser
  // never takes a value that starts with "ok" for a test line.
  void write_comment(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
      out_ << "# " << line << '\n';
    out_.flush();
  }

  std::ostream& out_;
  const doctest::TestCaseData* test_case_ = nullptr;
  std::vector<std::string> subcases_;
  unsigned case_count_ = 0;
};

} // namespace

REGISTER_REPORTER("tap", 1, TapReporter);
