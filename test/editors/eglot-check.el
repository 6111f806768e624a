;;; eglot-check.el --- Batch Emacs 28 + eglot 1.9 against cursus-lsp, with the setup of docs/editors/emacs.md.
;; Opens a spec, waits for the findings in flymake, asks for the code actions eglot would at an empty
;; region, and for hover; lists the requests the server sent. Writes JSON to $CURSUS_CHECK_OUT.
;; Run by test/editors.test.ts:  emacs --batch -Q -l test/editors/eglot-check.el
(require 'package)
(package-initialize)
(require 'eglot)
(require 'json)
(require 'cl-lib)

(let* ((ws (getenv "CURSUS_WS"))
       (out (getenv "CURSUS_CHECK_OUT"))
       ;; Each wait for the server (its start, the findings, an answer), in seconds: the test's ceiling, not
       ;; eglot's defaults (30 s to connect, 10 s per request), which a loaded machine can reach.
       (wait (string-to-number (or (getenv "CURSUS_EDITOR_WAIT_S") "30")))
       (eglot-connect-timeout wait)
       (jsonrpc-default-request-timeout wait)
       (result nil))
  (condition-case err
      (progn
        ;; Emacs 28 has no YAML mode of its own: users have yaml-mode from ELPA; a stand-in does here.
        (unless (fboundp 'yaml-mode) (define-derived-mode yaml-mode prog-mode "YAML"))
        ;; The docs' setup, with the server started from this checkout.
        (add-to-list 'eglot-server-programs `((yaml-mode json-mode) . (,(getenv "CURSUS_NODE") ,(getenv "CURSUS_LSP_BIN") "--stdio")))
        (let ((project-find-functions (list (lambda (_dir) (cons 'transient ws)))))
          (find-file (expand-file-name "specs/broken.pipeline.yaml" ws))
          (yaml-mode)
          (apply #'eglot (eglot--guess-contact)))
        (let ((deadline (+ (float-time) wait)))
          (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
            (accept-process-output nil 0.2)))
        (push (cons 'diagnostics (length (flymake-diagnostics))) result)
        ;; The edge to the misspelt node: point on it, an empty region, as M-x eglot-code-actions sends it.
        (goto-char (point-min))
        (search-forward "XGBoostTrainig")
        (backward-char 3)
        (let* ((server (eglot--current-server-or-lose))
               (beg (point))
               (actions (jsonrpc-request
                         server :textDocument/codeAction
                         (list :textDocument (eglot--TextDocumentIdentifier)
                               :range (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position beg))
                               :context (list :diagnostics
                                              (vconcat (cl-loop for diag in (flymake-diagnostics beg beg)
                                                                when (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag)))
                                                                collect it)))))))
          (push (cons 'actions (mapcar (lambda (a) (plist-get a :title)) actions)) result)
          (push (cons 'preferredKeys (cl-count-if (lambda (a) (plist-member a :isPreferred)) actions)) result)
          (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
            (push (cons 'hoverKind (plist-get (plist-get hover :contents) :kind)) result))
          (with-current-buffer (jsonrpc-events-buffer server)
            (goto-char (point-min))
            (let (methods)
              (while (re-search-forward "server-request.*\n.*:method \"\\([^\"]+\\)\"" nil t)
                (push (match-string 1) methods))
              (push (cons 'serverRequests (vconcat (delete-dups (nreverse methods)))) result)))
          (eglot-shutdown server)))
    (error (push (cons 'error (format "%S" err)) result)))
  (with-temp-file out (insert (json-encode result)))
  (kill-emacs 0))
