/**
 * 备案 (filing): a matter the department records rather than licenses, so its decision is 予以备案 (accepted for the
 * record) or 不予备案, never 准予许可, and it yields no 许可证. The catalogue has no field for it, and needs none:
 * every filing it lists is named for it (企业投资项目备案, 房屋市政工程竣工验收备案). Here rather than in the catalogue
 * package because the console words decisions too, and the browser cannot load the catalogue (it reads its YAML).
 */
export const isFiling = (itemName: string): boolean => itemName.trim().endsWith('备案')
