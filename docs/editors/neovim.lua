-- cursus-lsp for Neovim 0.8 and later: vim.lsp.start reuses one server per name and root directory.
-- Neovim 0.8+ takes workspace/codeLens/refresh from the server; the autocmd shows lenses as soon as a spec opens.
-- :CursusRun runs the code lens of the cursor line.
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    if file == '' then return end
    local marker = vim.fs.find({ 'pyproject.toml', '.cursus-lsp.yaml', '.git' }, { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = 'cursus-lsp',
      cmd = vim.g.cursus_lsp_cmd or { 'cursus-lsp', '--stdio' },
      root_dir = marker and vim.fs.dirname(marker) or vim.fn.getcwd(),
    })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave' }, { buffer = args.buf, callback = function() vim.lsp.codelens.refresh() end })
  end,
})
vim.api.nvim_create_user_command('CursusRun', function() vim.lsp.codelens.run() end, {})
