import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'
import { showError } from '../utils/errors'
import { useFormDialog } from './useFormDialog'

vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn() } }))
vi.mock('../utils/errors', async (orig) => ({ ...(await orig<object>()), showError: vi.fn() }))

const refused = () =>
  new ApiError({
    status: 422,
    title: 'Unprocessable Entity',
    detail: '名称不能为空',
    errors: [{ location: 'body.name', message: '名称不能为空' }],
  })

/** form stands in for an el-form: it passes or fails validation. */
function form(valid = true) {
  return { validate: vi.fn(() => (valid ? Promise.resolve(true) : Promise.reject(new Error('invalid')))), clearValidate: vi.fn() }
}

describe('useFormDialog', () => {
  beforeEach(() => vi.clearAllMocks())

  it('fills the form and clears old errors each time the dialog opens', async () => {
    const open = ref(false)
    const fill = vi.fn()
    const f = form()
    const d = useFormDialog({ form: ref(f as never), open, fill, submit: () => Promise.reject(refused()) })
    expect(fill).not.toHaveBeenCalled()
    open.value = true
    await nextTick()
    expect(fill).toHaveBeenCalledTimes(1)
    expect(f.clearValidate).toHaveBeenCalled()
    await d.save()
    expect(d.errors.value).toEqual({ name: '名称不能为空' })
    open.value = false
    await nextTick()
    open.value = true
    await nextTick()
    expect(fill).toHaveBeenCalledTimes(2)
    expect(d.errors.value).toEqual({})
  })

  it('fills at once when mounted open', () => {
    const fill = vi.fn()
    useFormDialog({ open: ref(true), fill, submit: async () => 1 })
    expect(fill).toHaveBeenCalledTimes(1)
  })

  it('saves: busy while sending, then the toast, the dialog closed, done with the result', async () => {
    const open = ref(true)
    const done = vi.fn()
    let finish: (v: string) => void = () => undefined
    const d = useFormDialog({ form: ref(form() as never), open, submit: () => new Promise<string>((r) => (finish = r)), done })
    const saving = d.save()
    await vi.waitFor(() => expect(d.busy.value).toBe(true))
    finish('id-1')
    expect(await saving).toBe(true)
    expect(d.busy.value).toBe(false)
    expect(ElMessage.success).toHaveBeenCalledWith('保存成功')
    expect(open.value).toBe(false)
    expect(done).toHaveBeenCalledWith('id-1')
  })

  it('says what the caller asks, or nothing', async () => {
    await useFormDialog({ submit: async () => ({ number: 'SJ1' }), toast: (r) => `已上报 ${r.number}` }).save()
    expect(ElMessage.success).toHaveBeenLastCalledWith('已上报 SJ1')
    vi.mocked(ElMessage.success).mockClear()
    await useFormDialog({ submit: async () => 1, toast: false }).save()
    expect(ElMessage.success).not.toHaveBeenCalled()
  })

  it('sends nothing when the form does not validate', async () => {
    const submit = vi.fn(async () => 1)
    const d = useFormDialog({ form: ref(form(false) as never), open: ref(true), submit })
    expect(await d.save()).toBe(false)
    expect(submit).not.toHaveBeenCalled()
    expect(d.busy.value).toBe(false)
  })

  it('keeps the dialog open on a refusal, with the field errors and the message', async () => {
    const open = ref(true)
    const done = vi.fn()
    const d = useFormDialog({ open, submit: () => Promise.reject(refused()), done })
    expect(await d.save()).toBe(false)
    expect(open.value).toBe(true)
    expect(done).not.toHaveBeenCalled()
    expect(d.errors.value).toEqual({ name: '名称不能为空' })
    expect(showError).toHaveBeenCalledTimes(1)
    expect(d.busy.value).toBe(false)
  })

  it('leaves a failure its handler takes to the handler', async () => {
    const open = ref(true)
    const handle = vi.fn(async (e: unknown) => e instanceof ApiError && e.status === 422)
    const d = useFormDialog({ open, submit: () => Promise.reject(refused()), handle })
    expect(await d.save()).toBe(false)
    expect(handle).toHaveBeenCalledTimes(1)
    expect(showError).not.toHaveBeenCalled()
    expect(d.errors.value).toEqual({})
    expect(d.busy.value).toBe(false)
  })

  it('inline: tells the problem in the form, under the form props the fields map to', async () => {
    const d = useFormDialog({ submit: () => Promise.reject(refused()), inline: true, fields: { name: 'title' } })
    await d.save()
    expect(showError).not.toHaveBeenCalled()
    expect(d.problem.value).toBe('名称不能为空')
    expect(d.errors.value).toEqual({ title: '名称不能为空' })
  })

  it('inline: closes on a 401, as the app leaves for the log-in page', async () => {
    const open = ref(true)
    const d = useFormDialog({ open, inline: true, submit: () => Promise.reject(new ApiError({ status: 401, title: 'Unauthorized' })) })
    await d.save()
    expect(open.value).toBe(false)
  })
})
