-- Neovim 0.8's vim.lsp.start, vim.fs.find (upward) and vim.fs.dirname, defined only where they are missing, so
-- docs/editors/neovim.lua (written for 0.8+) runs on the Neovim 0.7.2 of this machine. vim.lsp.start keeps
-- 0.8's rule: a client of the same name and root_dir is reused, else one is started; the buffer is attached.
-- On 0.8 and later this file does nothing. Loaded by test/editors/neovim-check.lua when $CURSUS_EDITOR_SHIM is set.
if vim.fs == nil then
  vim.fs = {}
  function vim.fs.dirname(p) return vim.fn.fnamemodify(p, ':h') end
  function vim.fs.find(names, opts)
    local dir = opts.path
    while dir do
      for _, n in ipairs(names) do
        local p = dir .. '/' .. n
        if vim.fn.filereadable(p) == 1 or vim.fn.isdirectory(p) == 1 then return { p } end
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then break end
      dir = parent
    end
    return {}
  end
end
if vim.lsp.start == nil then
  -- 0.8 looks through the clients still initializing too; 0.7's get_active_clients lists only initialized ones,
  -- so the clients started here are remembered by name and root.
  local started = {}
  function vim.lsp.start(config)
    local buf = vim.api.nvim_get_current_buf()
    local key = config.name .. '\0' .. config.root_dir
    local known = started[key] and vim.lsp.get_client_by_id(started[key])
    if known and not known.is_stopped() then
      vim.lsp.buf_attach_client(buf, known.id)
      return known.id
    end
    local id = vim.lsp.start_client(config)
    if id then
      started[key] = id
      vim.lsp.buf_attach_client(buf, id)
    end
    return id
  end
end
